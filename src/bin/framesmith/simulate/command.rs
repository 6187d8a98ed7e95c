//! `framesmith simulate` as a command: its flags to a run, the run's report as text or JSON
//! and the exit code.

use super::*;

/// The report as a person reads it: the pops, the writes to the CRM, the call logs'
/// answers, the choices and dials in order, then each expectation.
pub fn human(report: &Value) -> String {
    let mut out = String::new();
    if let Some(d) = report["description"].as_str() {
        out.push_str(&format!("Scenario: {d}\n"));
    }
    out.push_str(&format!(
        "Deployment {}: {} lookups, {} requests, {} token refreshes, {} ms simulated\n",
        report["deployment"].as_str().unwrap_or(""),
        report["lookups"],
        report["requests"],
        report["tokenRefreshes"],
        report["ms"]
    ));
    for p in report["pops"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "  pop {} at {} ms: {} {} ({}){}\n",
            p["interactionId"].as_str().unwrap_or(""),
            p["at"],
            p["kind"].as_str().unwrap_or(""),
            p["url"].as_str().unwrap_or("(no URL)"),
            match p["records"].as_array().map_or(0, Vec::len) {
                1 => "1 record".to_string(),
                n => format!("{n} records"),
            },
            p["cause"]
                .as_str()
                .map(|c| format!(", cause: {c}"))
                .unwrap_or_default()
        ));
    }
    let text = |v: &Value, k: &str| v[k].as_str().unwrap_or("").to_string();
    for w in report["writes"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            "  write {} at {} ms: {} {} ({})\n",
            text(w, "interactionId"),
            w["at"],
            text(w, "method"),
            text(w, "url"),
            text(w, "source")
        ));
    }
    for l in report["callLogs"].as_array().into_iter().flatten() {
        let said = match l["cause"].as_str() {
            Some(c) => format!("failed: {c}"),
            None => format!("id {}", text(l, "id")),
        };
        out.push_str(&format!(
            "  call log {} at {} ms: {said}\n",
            text(l, "interactionId"),
            l["at"]
        ));
    }
    for c in report["choices"].as_array().into_iter().flatten() {
        let said = match c["cause"].as_str() {
            Some(why) => format!("refused: {why}"),
            None => "linked".to_string(),
        };
        out.push_str(&format!(
            "  choice {} for {} at {} ms: {said}\n",
            text(c, "recordId"),
            text(c, "interactionId"),
            c["at"]
        ));
    }
    for d in report["dials"].as_array().into_iter().flatten() {
        let said = match d["cause"].as_str() {
            Some(why) => format!("refused: {why}"),
            None => format!("dialled {}", text(d, "number")),
        };
        out.push_str(&format!(
            "  dial {:?} at {} ms: {said}\n",
            text(d, "dial"),
            d["at"]
        ));
    }
    let verdicts = report["expectations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let met = verdicts.iter().filter(|v| v["ok"] == true).count();
    for v in &verdicts {
        match v["why"].as_str() {
            None => out.push_str(&format!(
                "  ok    {}\n",
                v["interactionId"].as_str().unwrap_or("")
            )),
            Some(why) => out.push_str(&format!(
                "  FAIL  {}: {why}\n",
                v["interactionId"].as_str().unwrap_or("")
            )),
        }
    }
    out.push_str(&format!("{met} of {} expectations met", verdicts.len()));
    // The CRM's words and the scenario's own text reach a terminal.
    crate::io::terminal_safe(&out)
}

/// The command as `main` runs it.
pub(crate) fn command(a: SimulateArgs) -> Result<u8, CliError> {
    let path = a.workspace.as_path();
    let (text, mut checked) = load(path)?;
    let file = path.display().to_string();
    if checked.has_errors() {
        warn(&report::human(&file, Some(&text), &checked.diagnostics));
        errln!("error: not simulating {file}: fix the errors above first");
        return Ok(1);
    }
    let scenario_text = read(&a.scenario)?;
    let scenario: serde_json::Value = match serde_json::from_str(&scenario_text) {
        Ok(v) => v,
        Err(e) => {
            errln!(
                "error: {}:{}:{}: the scenario is not JSON: {e}",
                a.scenario.display(),
                e.line(),
                e.column()
            );
            return Ok(2);
        }
    };
    let Some(deployment) = a
        .deployment
        .clone()
        .or_else(|| scenario["deployment"].as_str().map(str::to_string))
    else {
        errln!("error: name the deployment: --deployment NAME, or \"deployment\" in the scenario");
        return Ok(2);
    };
    let sources: Vec<String> = checked
        .workspace
        .integration_types
        .iter()
        .flat_map(|t| t.data_sources.iter().map(|d| d.name.clone()))
        .collect();
    let mut responses = Vec::new();
    for r in &a.responses {
        let Some((source, file)) = r.split_once('=') else {
            errln!("error: --response takes SOURCE=FILE, not {r:?}");
            return Ok(2);
        };
        if !sources.iter().any(|s| s == source) {
            errln!(
                "error: --response {source}: there is no data source {source:?}; the workspace has {sources:?}"
            );
            return Ok(2);
        }
        let body = std::fs::read(file).map_err(|source| CliError::Read {
            path: PathBuf::from(file),
            source,
        })?;
        responses.push((source.to_string(), body));
    }
    if let Some(base) = &a.crm_base {
        let ws = &mut checked.workspace;
        let instance = ws
            .deployments
            .iter()
            .find(|d| d.name == deployment)
            .and_then(|d| d.screen_pop.as_ref())
            .map(|sp| sp.integration.clone());
        for i in ws
            .integrations
            .iter_mut()
            .filter(|i| Some(&i.name) == instance.as_ref())
        {
            i.properties
                .insert("crmBaseEndpoint".into(), base.clone().into());
        }
    }
    let args = Args {
        deployment: &deployment,
        scenario: &scenario,
        responses,
        live: a.live,
        token: a.token,
    };
    let outcome = match run(&checked.workspace, &args) {
        Ok(o) => o,
        Err(e) => {
            errln!("error: {e}");
            return Ok(2);
        }
    };
    match a.format {
        SimulateFormat::Json => {
            outln!(
                "{}",
                serde_json::to_string_pretty(&outcome.report).unwrap_or_default()
            );
        }
        SimulateFormat::Human => outln!("{}", human(&outcome.report)),
    }
    Ok(u8::from(!outcome.passed))
}
