//! The session's side calls (issue 10, issue 27): the client's `contactSearch` through the
//! `contact_search` data source, and its `processCallLog` through `call_log`, which creates
//! the interaction's call log, and `call_log_update`, which updates it by the CRM's id.

use super::*;

impl Session<'_> {
    /// A request of the `contact_search`, `call_log`, `call_log_update` or `create` data
    /// source, or why there is none. The ones that write send their inputs as JSON when the
    /// data source has no body template.
    pub(super) fn side_request(
        &self,
        purpose: Purpose,
        runtime: Map<String, Value>,
    ) -> Result<Request, String> {
        let (source, name) = match purpose {
            Purpose::Contacts(_) => (self.contacts.as_ref(), "contact_search"),
            Purpose::CallLogUpdate(_) => (self.call_log_update.as_ref(), "call_log_update"),
            #[cfg(feature = "create")]
            Purpose::Create(_) => (self.create.as_ref(), "create"),
            _ => (self.call_log.as_ref(), "call_log"),
        };
        let source = source
            .ok_or_else(|| format!("the deployment's screen_pop names no {name} data source"))?;
        let lookup = match purpose {
            #[cfg(feature = "create")]
            Purpose::Create(at) => &self.lookups[at as usize],
            _ => &self.lookups[0],
        };
        let action_url = &lookup.action_url;
        if lookup.route == Route::Proxy && source.source().name != lookup.prepared.source().name {
            return Err(format!(
                "the proxy route runs only the lookup's data action, and {name} is another data source"
            ));
        }
        if let Some(url) = action_url {
            return Ok(execution(url, &runtime));
        }
        let ds = source.source();
        // A call log without a body template sends its inputs as JSON, as the data action
        // export does with `rawRequest`.
        let raw = (ds.body.is_none() && !matches!(purpose, Purpose::Contacts(_)))
            .then(|| inputs_json(&runtime, str::to_string));
        let inputs = Inputs {
            integration_type: self.integration_type,
            instance: self.instance,
            runtime,
        };
        let mut request = datasource::request(ds, &inputs).map_err(|e| e.to_string())?;
        if raw.is_some() {
            request.body = raw;
        }
        Ok(request)
    }

    pub(super) fn side_fetch(
        &mut self,
        purpose: Purpose,
        interaction_id: String,
        runtime: Map<String, Value>,
    ) -> Option<Action> {
        match self.side_request(purpose, runtime) {
            Ok(first) => self.fetch(Pending::new(interaction_id, first, purpose), 0),
            Err(cause) => Some(answer(purpose, Err(cause))),
        }
    }

    /// The client's `contactSearch(searchValue)`, as request `request`: the search value
    /// goes to the `contact_search` data source as written (`phone`, `searchValue`).
    pub fn contact_search(&mut self, request: u64, value: &str) -> Option<Action> {
        let mut runtime = Map::new();
        runtime.insert("phone".to_string(), value.into());
        runtime.insert("searchValue".to_string(), value.into());
        self.side_fetch(Purpose::Contacts(request), String::new(), runtime)
    }

    /// The client's `processCallLog(callLog, interaction, eventName)`, as request
    /// `request`, linked to `record` (`{id, text}`: the single match, the agent's choice,
    /// the record a dial named). Without `callLog.id` it creates the log through `call_log`
    /// and answers the CRM's id; with one it updates that log through `call_log_update`
    /// (and answers the same id), or, without an update data source, writes nothing and
    /// answers the id (check says so once). The inputs are the call log's fields
    /// (`callLog.notes`...), `eventName`, the record, the interaction's own inputs, its kind,
    /// length and wrap-up code. framework.js holds back a write that comes while its
    /// interaction's log is being created, and gives it the id once there is one.
    pub fn call_log(
        &mut self,
        request: u64,
        call_log: &Value,
        interaction: &Value,
        event_name: &str,
        record: Option<&Value>,
    ) -> Option<Action> {
        let mut runtime = call_inputs(interaction);
        for name in datasource::CALL_LOG_INPUTS {
            let value = if let Some(path) = name.strip_prefix("callLog.") {
                path.split('.')
                    .try_fold(call_log, |v, k| v.get(k))
                    .and_then(datasource::scalar_text)
            } else if let Some(key) = name.strip_prefix("record.") {
                let key = if key == "name" { "text" } else { key };
                record
                    .and_then(|r| r.get(key))
                    .and_then(datasource::scalar_text)
            } else if *name == "eventName" {
                Some(event_name.to_string())
            } else {
                interaction.get(*name).and_then(datasource::scalar_text)
            };
            if let Some(v) = value {
                runtime.insert(name.to_string(), v.into());
            }
        }
        if let Some((media, _)) = crate::screenpop::media::classify(interaction) {
            runtime.insert("media".into(), media.name().into());
        }
        let id = interaction
            .get("id")
            .and_then(datasource::scalar_text)
            .unwrap_or_default();
        runtime.insert("interactionId".to_string(), id.clone().into());
        let Some(log_id) = runtime
            .get("callLog.id")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            return self.side_fetch(Purpose::CallLog(request), id, runtime);
        };
        if self.call_log_update.is_none() {
            return Some(Action::CallLogged {
                request,
                id: Some(log_id),
                cause: None,
            });
        }
        let purpose = Purpose::CallLogUpdate(request);
        match self.side_request(purpose, runtime) {
            Ok(first) => {
                let mut p = Pending::new(id, first, purpose);
                p.log_id = Some(log_id);
                self.fetch(p, 0)
            }
            Err(cause) => Some(answer(purpose, Err(cause))),
        }
    }
}
