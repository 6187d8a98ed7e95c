use super::*;
use crate::Format;
use crate::screenpop::pop::Kind;
use serde_json::json;

fn workspace(edit: impl FnOnce(&mut Workspace)) -> Workspace {
    let text = include_str!("../../../tests/fixtures/workspace.toml");
    let mut ws = crate::check_source(text, Format::Toml).unwrap().workspace;
    edit(&mut ws);
    ws
}

fn call(id: &str, ani: &str) -> Value {
    json!({"id": id, "direction": "Inbound", "ani": ani, "queueName": "Sales", "attributes": {}})
}

fn fetch_of(a: Option<Action>) -> (u64, Fetch) {
    match a {
        Some(Action::Fetch { fetch, request, .. }) => (fetch, request),
        other => panic!("expected a fetch, got {other:?}"),
    }
}

fn pop_of(a: Option<Action>) -> Pop {
    match a {
        Some(Action::Pop(p)) => p,
        other => panic!("expected a pop, got {other:?}"),
    }
}

#[test]
fn host_route_follows_pages_and_pops_every_record() {
    let ws = workspace(|_| {});
    let mut s = Session::new(&ws, 0, None).unwrap();
    let c = call("c1", "tel:+353 1 555 0100");
    let (id, req) = fetch_of(s.event(Event::Interaction("add", &c)));
    assert_eq!(req.method, "GET");
    assert_eq!(
        req.url,
        "https://crm.enterprise-client.com/api/v1/accounts?phone=%2B35315550100&fields=id,name,tier,last_contacted"
    );
    let page1 = json!({"items": [{"id": "A1", "name": "Ann", "tier": "gold", "last_contacted": "2024-05-01"}],
        "next": "https://crm.enterprise-client.com/api/v1/accounts?page=2"});
    let (id2, req2) = fetch_of(s.response(id, 200, None, page1.to_string().as_bytes()));
    assert_eq!(
        req2.url,
        "https://crm.enterprise-client.com/api/v1/accounts?page=2"
    );
    assert_eq!(
        s.response(id, 200, None, b"{}"),
        None,
        "an answered fetch is over"
    );
    let page2 = json!({"items": [{"id": "A2", "name": "Bob", "tier": "silver", "last_contacted": "2024-05-02"}]});
    let pop = pop_of(s.response(id2, 200, None, page2.to_string().as_bytes()));
    assert_eq!(pop.kind, Kind::Multiple);
    assert_eq!(pop.records.len(), 2);
    assert_eq!(pop.records[1]["accountId"], "A2");
    assert_eq!(
        pop.url.as_deref(),
        Some("https://crm.enterprise-client.com/search?phone=%2B35315550100")
    );
    // The same call again never pops twice.
    assert_eq!(s.event(Event::Interaction("add", &c)), None);
    assert_eq!(s.stats().multiple, 1);
}

#[test]
fn failures_name_the_crms_own_words_and_a_foreign_next_link_is_refused() {
    let ws = workspace(|_| {});
    let mut s = Session::new(&ws, 0, None).unwrap();
    let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c1", "015550100"))));
    let pop = pop_of(s.response(id, 500, None, b"<html><body>Internal error</body></html>"));
    assert_eq!(pop.kind, Kind::Failed);
    assert_eq!(
        pop.cause.as_deref(),
        Some("the CRM answered HTTP 500: <html><body>Internal error</body></html>")
    );
    let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c2", "015550100"))));
    let page = json!({"items": [], "next": "https://evil.example/steal"});
    let pop = pop_of(s.response(id, 200, None, page.to_string().as_bytes()));
    assert_eq!(pop.kind, Kind::Failed);
    assert!(
        pop.cause
            .unwrap()
            .contains("leads away from https://crm.enterprise-client.com")
    );
    let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c3", "015550100"))));
    let pop = pop_of(s.failed(id, "no answer within 10 s (timeoutSeconds)"));
    assert_eq!(
        pop.cause.as_deref(),
        Some("no answer within 10 s (timeoutSeconds)")
    );
    assert_eq!(s.stats().failed, 3);
}

#[test]
fn nothing_found_tries_the_alternatives_then_pops_none() {
    let ws = workspace(|ws| {
        let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
        sp.alternative_formats = Some(vec!["national".into()]);
    });
    let mut s = Session::new(&ws, 0, None).unwrap();
    let (id, req) = fetch_of(s.event(Event::Interaction("add", &call("c1", "+353 1 555 0100"))));
    assert!(req.url.contains("phone=%2B35315550100"));
    let (id, req) = fetch_of(s.response(id, 200, None, br#"{"items": []}"#));
    assert!(req.url.contains("phone=015550100"), "{}", req.url);
    let pop = pop_of(s.response(id, 200, None, br#"{"items": []}"#));
    assert_eq!(pop.kind, Kind::None);
    assert_eq!(pop.search_value, "+35315550100");
}

#[test]
fn the_search_attribute_and_the_calls_inputs_reach_the_request() {
    let ws = workspace(|ws| {
        let t = &mut ws.integration_types[0].data_sources[0];
        t.rest_endpoint =
            Some("{crmBaseEndpoint}/find?q={phone}&queue={queueName}&v={attributes.PT_Vip}".into());
    });
    let mut s = Session::new(&ws, 0, None).unwrap();
    let mut c = call("c1", "015550100");
    c["attributes"] = json!({"PT_SearchValue": "ACC-7 &x", "PT_Vip": "yes"});
    let (_, req) = fetch_of(s.event(Event::Interaction("add", &c)));
    assert_eq!(
        req.url,
        "https://crm.enterprise-client.com/find?q=ACC-7%20%26x&queue=Sales&v=yes"
    );
}

#[test]
fn rate_limits_are_waited_out_then_named() {
    let ws = workspace(|_| {});
    let mut s = Session::new(&ws, 0, None).unwrap();
    let (id, first) = fetch_of(s.event(Event::Interaction("add", &call("c1", "015550100"))));
    // The CRM's Retry-After is honoured, with a little jitter; the same request goes again.
    let Some(Action::Fetch {
        fetch,
        request,
        after_ms,
        ..
    }) = s.response(id, 429, Some(2000), b"slow down")
    else {
        panic!()
    };
    assert_eq!(request, first);
    assert!((2000..=2500).contains(&after_ms), "{after_ms}");
    // Without one, 500 ms doubled per attempt.
    let Some(Action::Fetch {
        fetch, after_ms, ..
    }) = s.response(fetch, 503, None, b"")
    else {
        panic!()
    };
    assert!((1000..=1250).contains(&after_ms), "{after_ms}");
    let Some(Action::Fetch { fetch, .. }) = s.response(fetch, 429, None, b"") else {
        panic!()
    };
    // The fourth 429 is a failure that says so, in the CRM's words.
    let pop = pop_of(s.response(fetch, 429, None, br#"{"message": "quota exceeded"}"#));
    assert_eq!(
        pop.cause.as_deref(),
        Some("the CRM answered HTTP 429 4 times: quota exceeded")
    );
    // A CRM asking for longer than a caller waits fails at once, naming the wait.
    let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c2", "015550100"))));
    let pop = pop_of(s.response(id, 429, Some(60_000), b"try later"));
    assert_eq!(
        pop.cause.as_deref(),
        Some("the CRM answered HTTP 429 and asks to wait 60 s: try later")
    );
    // Retries then success: the records arrive, nothing is lost.
    let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c3", "015550100"))));
    let Some(Action::Fetch { fetch, .. }) = s.response(id, 429, Some(0), b"") else {
        panic!()
    };
    let page = json!({"items": [{"id": "A1", "name": "Ann", "tier": "gold", "last_contacted": "2024-05-01"}]});
    let pop = pop_of(s.response(fetch, 200, None, page.to_string().as_bytes()));
    assert_eq!(pop.kind, Kind::Single);
}

#[test]
fn contact_search_and_call_log_run_their_data_sources() {
    let ws = workspace(|_| {});
    let mut s = Session::new(&ws, 0, None).unwrap();
    // contactSearch goes to contact_search (here the lookup source) with the value as typed.
    let Some(Action::Fetch { fetch, request, .. }) = s.contact_search(7, "Ann Smith") else {
        panic!()
    };
    assert!(request.url.contains("phone=Ann%20Smith"), "{}", request.url);
    let page = json!({"items": [
        {"id": "A1", "name": "Ann Smith", "tier": "gold", "last_contacted": "2024-05-01"}]});
    let Some(Action::Contacts {
        request,
        contacts,
        cause,
    }) = s.response(fetch, 200, None, page.to_string().as_bytes())
    else {
        panic!()
    };
    assert_eq!((request, cause), (7, None));
    assert_eq!(
        contacts,
        vec![json!({"type": "external", "name": "Ann Smith", "phone": []})]
    );
    // processCallLog posts the call log's fields (no body template: its inputs as JSON).
    let log =
        json!({"notes": "called back", "subject": "Follow-up", "selectedContact": {"id": "A1"}});
    let Some(Action::Fetch { fetch, request, .. }) = s.call_log(
        8,
        &log,
        &call("c9", "015550100"),
        "interactionDisconnected",
        None,
    ) else {
        panic!()
    };
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.url,
        "https://crm.enterprise-client.com/api/v1/activities"
    );
    let body: Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["callLog.notes"], "called back");
    assert_eq!(body["callLog.selectedContact.id"], "A1");
    assert_eq!(body["eventName"], "interactionDisconnected");
    assert_eq!(body["interactionId"], "c9");
    assert_eq!(
        s.response(fetch, 201, None, br#"{"id": "ACT-1"}"#),
        Some(Action::CallLogged {
            request: 8,
            id: Some("ACT-1".into()),
            cause: None
        })
    );
    // A failure is the CRM's own words, never a silent success.
    let Some(Action::Fetch { fetch, .. }) =
        s.call_log(9, &log, &call("c9", "015550100"), "x", None)
    else {
        panic!()
    };
    assert_eq!(
        s.response(
            fetch,
            403,
            None,
            br#"{"error": "invalid_scope", "error_description": "crm:write"}"#
        ),
        Some(Action::CallLogged {
            request: 9,
            id: None,
            cause: Some("the CRM answered HTTP 403: invalid_scope: crm:write".into())
        })
    );
    // Without a call_log data source, the reason comes back at once.
    let ws = workspace(|ws| ws.deployments[0].screen_pop.as_mut().unwrap().call_log = None);
    let mut s = Session::new(&ws, 0, None).unwrap();
    let Some(Action::CallLogged {
        cause: Some(cause), ..
    }) = s.call_log(1, &log, &json!({}), "x", None)
    else {
        panic!()
    };
    assert!(cause.contains("names no call_log data source"), "{cause}");
}

#[test]
fn actions_are_written_as_framework_js_reads_them() {
    let ws = workspace(|_| {});
    let mut s = Session::new(&ws, 0, None).unwrap();
    let action = s
        .event(Event::Interaction("add", &call("c1", "015550100")))
        .unwrap();
    let Action::Fetch { fetch, .. } = action else {
        panic!()
    };
    let a = action.into_json();
    assert_eq!(
        a,
        json!({"do": "fetch", "fetch": fetch, "interactionId": "c1",
            "request": {"method": "GET",
                "url": "https://crm.enterprise-client.com/api/v1/accounts?phone=%2B35315550100&fields=id,name,tier,last_contacted",
                "headers": [["Accept", "application/json"]]},
            "timeoutMs": 10000, "maxBytes": 1048576, "afterMs": 0, "pops": true, "route": "host"})
    );
    let page = json!({"items": [{"id": "A1", "name": "Ann", "tier": "gold", "last_contacted": "2024-05-01"}]});
    let pop = s
        .response(fetch, 200, None, page.to_string().as_bytes())
        .unwrap();
    assert_eq!(
        pop.into_json(),
        json!({"do": "pop", "interactionId": "c1", "kind": "single",
            "url": "https://crm.enterprise-client.com/accounts/A1", "searchValue": "+35315550100",
            "records": [{"accountId": "A1", "accountName": "Ann", "accountTier": "gold", "lastInteractionDate": "2024-05-01"}],
            "association": {"id": "A1", "text": "Ann"}})
    );
    let failed = Action::CallLogged {
        request: 3,
        id: None,
        cause: Some("x".into()),
    };
    assert_eq!(
        failed.into_json(),
        json!({"do": "callLogged", "request": 3, "cause": "x"})
    );
}

#[test]
fn proxy_route_executes_the_data_action_and_reads_its_arrays_back() {
    let ws = workspace(|ws| {
        let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
        sp.route = Some("proxy".into());
        sp.action_id = Some("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0".into());
    });
    assert_eq!(Session::new(&ws, 0, None).err(), Some(SetupError::NoAction));
    let mut s = Session::new(&ws, 0, Some("mypurecloud.ie")).unwrap();
    let (id, req) = fetch_of(s.event(Event::Interaction("add", &call("c1", "015550100"))));
    assert_eq!(req.method, "POST");
    assert_eq!(
        req.url,
        "https://api.mypurecloud.ie/api/v2/integrations/actions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/execute"
    );
    let body: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["phone"], "+35315550100");
    assert_eq!(body["queueName"], "Sales");
    let out = json!({"accountId": ["A1", "A2"], "accountName": ["Ann", "Bob"],
        "accountTier": ["gold", "silver"], "lastInteractionDate": ["2024-05-01", "2024-05-02"]});
    let pop = pop_of(s.response(id, 200, None, out.to_string().as_bytes()));
    assert_eq!(pop.kind, Kind::Multiple);
    assert_eq!(pop.records[1]["accountName"], "Bob");
    // No records: every array empty.
    let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c2", "015550100"))));
    let out =
        json!({"accountId": [], "accountName": [], "accountTier": [], "lastInteractionDate": []});
    assert_eq!(
        pop_of(s.response(id, 200, None, out.to_string().as_bytes())).kind,
        Kind::None
    );
    // Genesys' own error text is the cause.
    let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c3", "015550100"))));
    let err =
        json!({"message": "The action has been disabled", "code": "bad.request", "status": 400});
    let pop = pop_of(s.response(id, 400, None, err.to_string().as_bytes()));
    assert_eq!(
        pop.cause.as_deref(),
        Some("the CRM answered HTTP 400: The action has been disabled")
    );
}

fn direct() -> Workspace {
    workspace(|ws| {
        let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
        sp.route = Some("direct".into());
        sp.redirect_uri = Some("https://acme.crm4.dynamics.com/framesmith-signin.html".into());
    })
}

fn grant(token: &str, ms: u64) -> Result<Grant, tokens::Failure> {
    Ok(Grant {
        token: token.into(),
        expires_in_ms: ms,
    })
}

fn bearer(f: &Fetch) -> Option<&str> {
    f.headers
        .iter()
        .find(|(k, _)| k == "Authorization")
        .map(|(_, v)| v.as_str())
}

fn fetches(actions: Vec<Action>) -> Vec<(u64, Fetch)> {
    actions.into_iter().map(|a| fetch_of(Some(a))).collect()
}

#[test]
fn direct_route_signs_in_once_for_every_waiting_lookup_then_sends_the_token() {
    let ws = workspace(|ws| {
        ws.deployments[0].screen_pop.as_mut().unwrap().route = Some("direct".into())
    });
    assert_eq!(
        Session::new(&ws, 0, None).err(),
        Some(SetupError::NoSignIn("screen_pop.redirect_uri"))
    );
    let ws = direct();
    let mut s = Session::new(&ws, 0, None).unwrap();
    let sign_in = s.sign_in().unwrap();
    assert_eq!(
        sign_in.redirect_uri,
        "https://acme.crm4.dynamics.com/framesmith-signin.html"
    );
    assert_eq!(
        sign_in.token,
        "https://crm.enterprise-client.com/oauth/token"
    );
    assert_eq!(sign_in.scope, "crm:read crm:write contacts:read");
    s.set_now(1_000);
    assert_eq!(
        s.event(Event::Interaction("add", &call("c1", "015550100"))),
        Some(Action::Refresh)
    );
    // Later calls wait for the same sign-in: no second refresh.
    for i in 2..=50 {
        let c = call(&format!("c{i}"), "015550100");
        assert_eq!(s.event(Event::Interaction("add", &c)), None);
    }
    let (actions, retry_at) = s.token(grant("T1", 600_000), false);
    assert_eq!(retry_at, None);
    let sent = fetches(actions);
    assert_eq!(sent.len(), 50, "no lookup is lost while the agent signs in");
    assert!(sent.iter().all(|(_, f)| bearer(f) == Some("Bearer T1")));
    // Until it is due, the token goes with each lookup at once.
    let (_, f) = fetch_of(s.event(Event::Interaction("add", &call("d1", "015550100"))));
    assert_eq!(bearer(&f), Some("Bearer T1"));
    let page = json!({"items": [{"id": "A1", "name": "Ann", "tier": "gold", "last_contacted": "2024-05-01"}]});
    let pop = pop_of(s.response(sent[0].0, 200, None, page.to_string().as_bytes()));
    assert_eq!(pop.kind, Kind::Single, "{:?}", pop.cause);
    assert_eq!(s.token_counters().refreshes, 1);
}

#[test]
fn a_401_storm_on_the_direct_route_brings_one_new_token_then_sends_again() {
    let ws = direct();
    let mut s = Session::new(&ws, 0, None).unwrap();
    s.set_now(0);
    assert_eq!(
        s.event(Event::Interaction("add", &call("c0", "015550100"))),
        Some(Action::Refresh)
    );
    s.token(grant("T1", 3_600_000), false);
    s.set_now(60_000);
    let sent: Vec<(u64, Fetch)> = (1..=20)
        .map(|i| {
            fetch_of(s.event(Event::Interaction(
                "add",
                &call(&format!("c{i}"), "015550100"),
            )))
        })
        .collect();
    // The CRM revoked the token early: every lookup is refused.
    let mut refreshes = 0;
    for (id, _) in &sent {
        match s.response(*id, 401, None, br#"{"error": "invalid_token"}"#) {
            Some(Action::Refresh) => refreshes += 1,
            None => {}
            other => panic!("a refused lookup waits for the new token, got {other:?}"),
        }
    }
    assert_eq!(refreshes, 1, "one refresh however many lookups the 401 hit");
    let again = fetches(s.token(grant("T2", 3_600_000), false).0);
    assert_eq!(again.len(), 20, "every refused lookup goes again");
    assert!(again.iter().all(|(_, f)| bearer(f) == Some("Bearer T2")));
    // A second 401 for the same request is the answer, in the CRM's words.
    let pop = pop_of(s.response(again[1].0, 401, None, br#"{"error": "invalid_token"}"#));
    assert_eq!(pop.kind, Kind::Failed);
    assert!(pop.cause.unwrap().contains("401"));
}

#[test]
fn direct_route_invalid_grant_fails_the_waiting_lookups_naming_it_until_a_wake() {
    let ws = direct();
    let mut s = Session::new(&ws, 0, None).unwrap();
    s.set_now(5);
    assert_eq!(
        s.event(Event::Interaction("add", &call("c1", "015550100"))),
        Some(Action::Refresh)
    );
    let refused = tokens::Failure {
        status: 400,
        error: Some("invalid_grant".into()),
        message: "refresh token revoked".into(),
        retry_after_ms: None,
    };
    let (actions, retry_at) = s.token(Err(refused), false);
    assert_eq!(retry_at, None);
    let [Action::Pop(pop)] = &actions[..] else {
        panic!("{actions:?}")
    };
    assert_eq!(pop.kind, Kind::Failed);
    assert_eq!(
        pop.cause.as_deref(),
        Some("the CRM sign-in failed: invalid_grant: refresh token revoked")
    );
    // No more refreshes: the next call fails at once, saying why.
    let pop = pop_of(s.event(Event::Interaction("add", &call("c2", "015550100"))));
    assert!(pop.cause.unwrap().contains("invalid_grant"));
    // The agent comes back to the tab: one more sign-in.
    s.wake();
    assert_eq!(
        s.event(Event::Interaction("add", &call("c3", "015550100"))),
        Some(Action::Refresh)
    );
}

#[test]
fn a_rate_limited_token_endpoint_is_waited_out_and_no_lookup_is_lost() {
    let ws = direct();
    let mut s = Session::new(&ws, 0, None).unwrap();
    s.set_now(1_000);
    assert_eq!(
        s.event(Event::Interaction("add", &call("c1", "015550100"))),
        Some(Action::Refresh)
    );
    assert_eq!(
        s.event(Event::Interaction("add", &call("c2", "015550100"))),
        None
    );
    let slow = tokens::Failure {
        status: 429,
        error: None,
        message: "slow down".into(),
        retry_after_ms: Some(20_000),
    };
    let (actions, retry_at) = s.token(Err(slow), false);
    assert!(actions.is_empty(), "{actions:?}");
    let at = retry_at.expect("a time to try again");
    assert!(at >= 21_000, "Retry-After honoured: {at}");
    // Too early: nothing.
    s.set_now(at - 1);
    assert_eq!(s.tick(), (Vec::new(), Some(at)));
    s.set_now(at);
    let (actions, _) = s.tick();
    assert_eq!(
        actions,
        vec![Action::Refresh],
        "one refresh for both lookups"
    );
    let sent = fetches(s.token(grant("T1", 600_000), false).0);
    assert_eq!(sent.len(), 2);
    assert_eq!(s.token_counters().rate_limited, 1);
}

#[test]
fn a_token_shared_by_another_tab_is_used_without_a_refresh_here() {
    let ws = direct();
    let mut s = Session::new(&ws, 0, None).unwrap();
    s.set_now(1_000);
    s.token(grant("T9", 600_000), true);
    let (_, f) = fetch_of(s.event(Event::Interaction("add", &call("c1", "015550100"))));
    assert_eq!(bearer(&f), Some("Bearer T9"));
    assert_eq!(s.token_counters().refreshes, 0);
}

#[test]
fn the_crm_token_goes_only_to_the_origin_it_is_for() {
    let ws = workspace(|ws| {
        let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
        sp.route = Some("direct".into());
        sp.redirect_uri = Some("https://acme.crm4.dynamics.com/cb".into());
        sp.contact_search = Some("search_contacts".into());
        let ty = &mut ws.integration_types[0];
        let mut other = ty.data_sources[0].clone();
        other.name = "search_contacts".into();
        other.rest_endpoint = Some("https://elsewhere.example/find?q={searchValue}".into());
        ty.data_sources.push(other);
    });
    let mut s = Session::new(&ws, 0, None).unwrap();
    s.token(grant("T1", 600_000), true);
    let Some(Action::Contacts {
        cause: Some(cause), ..
    }) = s.contact_search(1, "Ann")
    else {
        panic!("the search at another origin must fail without the token")
    };
    assert!(
        cause.contains("not at https://crm.enterprise-client.com"),
        "{cause}"
    );
}

#[test]
fn a_next_link_seen_before_ends_the_paging_and_repeated_records_pop_once() {
    let ws = workspace(|ws| {
        ws.integration_types[0].data_sources[0].max_pages = Some(100);
    });
    let mut s = Session::new(&ws, 0, None).unwrap();
    let c = call("c1", "tel:+353 1 555 0100");
    let (mut id, _) = fetch_of(s.event(Event::Interaction("add", &c)));
    // The CRM's next link points at page 2, which points at itself: page 2 is fetched once.
    let next = "https://crm.enterprise-client.com/api/v1/accounts?page=2";
    let ann = json!({"id": "A1", "name": "Ann", "tier": "gold", "last_contacted": "2024-05-01"});
    let page = json!({"items": [ann], "next": next});
    let (id2, req) = fetch_of(s.response(id, 200, None, page.to_string().as_bytes()));
    assert_eq!(req.url, next);
    id = id2;
    let action = s.response(id, 200, None, page.to_string().as_bytes());
    let pop = pop_of(action);
    // Ann came twice (the CRM repeated a page): one record.
    assert_eq!(pop.kind, Kind::Single, "{pop:?}");
    assert_eq!(pop.records.len(), 1);
}

#[test]
fn paging_stops_at_the_cap_whatever_max_pages_says() {
    let ws = workspace(|ws| {
        ws.integration_types[0].data_sources[0].max_pages = Some(i64::MAX);
    });
    let mut s = Session::new(&ws, 0, None).unwrap();
    let c = call("c1", "tel:+353 1 555 0100");
    let (mut id, _) = fetch_of(s.event(Event::Interaction("add", &c)));
    let mut fetched = 1;
    loop {
        let page = json!({"items": [{"id": format!("A{fetched}"), "name": "x", "tier": "gold", "last_contacted": "2024-05-01"}],
            "next": format!("https://crm.enterprise-client.com/api/v1/accounts?page={}", fetched + 1)});
        match s.response(id, 200, None, page.to_string().as_bytes()) {
            Some(Action::Fetch { fetch, .. }) => {
                id = fetch;
                fetched += 1;
                assert!(
                    fetched <= crate::datasource::MAX_PAGES as usize,
                    "{fetched} pages"
                );
            }
            Some(Action::Pop(p)) => {
                assert_eq!(p.records.len(), fetched);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(fetched, crate::datasource::MAX_PAGES as usize);
}

#[test]
fn calls_past_the_cap_in_flight_fail_naming_it_and_none_vanishes() {
    let ws = workspace(|_| {});
    let mut s = Session::new(&ws, 0, None).unwrap();
    let mut fetched = Vec::new();
    let mut failed = Vec::new();
    for n in 0..1000 {
        let c = call(&format!("c{n}"), "tel:+353 1 555 0100");
        match s.event(Event::Interaction("add", &c)) {
            Some(Action::Fetch { fetch, .. }) => fetched.push(fetch),
            Some(Action::Pop(p)) => {
                assert_eq!(p.kind, Kind::Failed);
                assert!(
                    p.cause.as_deref().unwrap_or("").contains("at once"),
                    "{p:?}"
                );
                failed.push(p.interaction_id);
            }
            other => panic!("{other:?}"),
        }
    }
    // Every call is accounted for: looked up, or failed and counted.
    assert_eq!(fetched.len() + failed.len(), 1000);
    assert!(!failed.is_empty());
    assert_eq!(s.stats().failed, failed.len() as u64);
    // Every fetch under way still ends in a pop.
    let page = json!({"items": []});
    let mut pops = 0;
    for id in fetched {
        let mut next = s.response(id, 200, None, page.to_string().as_bytes());
        while let Some(Action::Fetch { fetch, .. }) = next {
            next = s.response(fetch, 200, None, page.to_string().as_bytes());
        }
        assert!(matches!(next, Some(Action::Pop(_))), "{next:?}");
        pops += 1;
    }
    assert_eq!(pops + failed.len(), 1000);
}

#[test]
fn each_kind_takes_its_own_route_and_the_crm_token_only_goes_direct() {
    let ws = workspace(|ws| {
        let sp = ws.deployments[0].screen_pop.as_mut().unwrap();
        sp.redirect_uri = Some("https://acme.crm4.dynamics.com/framesmith-signin.html".into());
        sp.chat.as_mut().unwrap().route = Some("direct".into());
        let message = sp.message.as_mut().unwrap();
        message.route = Some("proxy".into());
        message.action_id = Some("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0".into());
    });
    let mut s = Session::new(&ws, 0, Some("mypurecloud.ie")).unwrap();
    assert_eq!(s.route(), Route::Host, "the deployment's route is voice's");
    assert!(
        s.sign_in().is_some(),
        "a direct-route kind signs the agent in"
    );
    s.set_now(1_000);
    let route_of = |a: &Option<Action>| match a {
        Some(Action::Fetch { route, .. }) => *route,
        other => panic!("expected a fetch, got {other:?}"),
    };
    // Voice by the CRM page, no token, whatever the other kinds take.
    let voice = s.event(Event::Interaction("add", &call("c1", "015550100")));
    assert_eq!(route_of(&voice), Route::Host);
    let (_, f) = fetch_of(voice);
    assert_eq!(bearer(&f), None, "the CRM token never goes by the page");
    // A chat by the direct route: the sign-in first, then the lookup with the token.
    let chat = json!({"id": "h1", "isChat": true, "direction": "Inbound",
        "email": "Ann@Example.com", "attributes": {}});
    assert_eq!(
        s.event(Event::Interaction("add", &chat)),
        Some(Action::Refresh)
    );
    let (sent, _) = s.token(grant("T1", 600_000), false);
    assert_eq!(sent.len(), 1);
    let sent = Some(sent.into_iter().next().unwrap());
    assert_eq!(route_of(&sent), Route::Direct);
    let (id, f) = fetch_of(sent);
    assert_eq!(bearer(&f), Some("Bearer T1"));
    assert!(f.url.contains("email=ann%40example.com"), "{}", f.url);
    // A message by the proxy route: the data action, with no CRM token.
    let sms = json!({"id": "m1", "isMessage": true, "messageType": "sms", "direction": "Inbound",
        "ani": "tel:+353 1 555 0100", "attributes": {}});
    let message = s.event(Event::Interaction("add", &sms));
    assert_eq!(route_of(&message), Route::Proxy);
    let (mid, f) = fetch_of(message);
    assert!(
        f.url
            .starts_with("https://api.mypurecloud.ie/api/v2/integrations/actions/0b1c2d3e")
    );
    assert_eq!(bearer(&f), None, "the CRM token never goes to Genesys");
    // Each answer is read the way its route answers: the data action's arrays, the CRM's page.
    let out = json!({"accountId": ["A1"], "accountName": ["Ann"], "accountTier": ["gold"],
        "lastInteractionDate": ["2024-05-01"]});
    let pop = pop_of(s.response(mid, 200, None, out.to_string().as_bytes()));
    assert_eq!(
        (pop.kind, pop.records[0]["accountId"].as_str()),
        (Kind::Single, Some("A1"))
    );
    let page = json!({"items": [{"id": "A7", "name": "Ann", "tier": "gold", "last_contacted": "2024-05-01"}]});
    let pop = pop_of(s.response(id, 200, None, page.to_string().as_bytes()));
    assert_eq!(
        (pop.kind, pop.records[0]["accountId"].as_str()),
        (Kind::Single, Some("A7"))
    );
    // The wire says the route.
    let voice = s
        .event(Event::Interaction("add", &call("c2", "015550100")))
        .unwrap();
    assert_eq!(voice.into_json()["route"], "host");
}

#[test]
fn a_call_log_is_created_once_then_updated_by_the_crms_id() {
    let ws = workspace(|ws| {
        ws.deployments[0]
            .screen_pop
            .as_mut()
            .unwrap()
            .call_log_update = Some("update_activity".into());
        ws.integration_types[0]
            .data_sources
            .push(crate::workspace::DataSource {
                name: "update_activity".into(),
                rest_endpoint: Some("{crmBaseEndpoint}/api/v1/activities/{callLog.id}".into()),
                method: Some("PATCH".into()),
                ..Default::default()
            });
    });
    let mut s = Session::new(&ws, 0, None).unwrap();
    let chat = json!({"id": "h1", "isChat": true, "direction": "Inbound", "attributes": {},
        "interactionDurationSeconds": 95, "disposition": "Resolved"});
    let record = json!({"id": "A7", "text": "Ann Acme"});
    // The first write creates the log, linked to the record, with the kind and length.
    let (id, create) = fetch_of(s.call_log(
        1,
        &json!({"notes": "hello"}),
        &chat,
        "interactionChanged",
        Some(&record),
    ));
    assert_eq!(
        (create.method.as_str(), create.url.as_str()),
        (
            "POST",
            "https://crm.enterprise-client.com/api/v1/activities"
        )
    );
    let body: Value = serde_json::from_str(create.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        (body["record.id"].as_str(), body["record.name"].as_str()),
        (Some("A7"), Some("Ann Acme"))
    );
    assert_eq!(
        (body["media"].as_str(), body["disposition"].as_str()),
        (Some("chat"), Some("Resolved"))
    );
    assert_eq!(body["interactionDurationSeconds"], "95");
    assert_eq!(
        s.response(id, 201, None, br#"{"id": "ACT-9"}"#),
        Some(Action::CallLogged {
            request: 1,
            id: Some("ACT-9".into()),
            cause: None
        })
    );
    // Every later write carries that id and updates the same activity, a 204 included.
    let later = json!({"id": "ACT-9", "notes": "hello again"});
    let (id, update) = fetch_of(s.call_log(2, &later, &chat, "wrapUp", Some(&record)));
    assert_eq!(
        (update.method.as_str(), update.url.as_str()),
        (
            "PATCH",
            "https://crm.enterprise-client.com/api/v1/activities/ACT-9"
        )
    );
    let body: Value = serde_json::from_str(update.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        (body["callLog.notes"].as_str(), body["eventName"].as_str()),
        (Some("hello again"), Some("wrapUp"))
    );
    assert_eq!(
        s.response(id, 204, None, b""),
        Some(Action::CallLogged {
            request: 2,
            id: Some("ACT-9".into()),
            cause: None
        })
    );
    // A refused update is the CRM's words, and no id.
    let (id, _) = fetch_of(s.call_log(3, &later, &chat, "wrapUp", None));
    assert_eq!(
        s.response(id, 409, None, br#"{"message": "activity is closed"}"#),
        Some(Action::CallLogged {
            request: 3,
            id: None,
            cause: Some("the CRM answered HTTP 409: activity is closed".into())
        })
    );
    // Without call_log_update, a later write writes nothing and answers the same id.
    let ws = workspace(|ws| {
        ws.deployments[0]
            .screen_pop
            .as_mut()
            .unwrap()
            .call_log_update = None
    });
    let mut s = Session::new(&ws, 0, None).unwrap();
    assert_eq!(
        s.call_log(4, &later, &chat, "wrapUp", None),
        Some(Action::CallLogged {
            request: 4,
            id: Some("ACT-9".into()),
            cause: None
        })
    );
}

#[cfg(feature = "create")]
fn creating() -> Workspace {
    workspace(|ws| {
        ws.deployments[0].screen_pop.as_mut().unwrap().create = Some("new_account".into());
        let mut mapping = Map::new();
        mapping.insert("accountId".into(), "$.id".into());
        mapping.insert("accountName".into(), "$.name".into());
        ws.integration_types[0]
            .data_sources
            .push(crate::workspace::DataSource {
                name: "new_account".into(),
                rest_endpoint: Some("{crmBaseEndpoint}/api/v1/accounts".into()),
                method: Some("POST".into()),
                response_mapping: mapping,
                ..Default::default()
            });
    })
}

#[cfg(feature = "create")]
#[test]
fn a_lookup_that_finds_none_creates_the_record_and_pops_it() {
    let ws = creating();
    let mut s = Session::new(&ws, 0, None).unwrap();
    let (id, _) = fetch_of(s.event(Event::Interaction(
        "add",
        &call("c1", "tel:+353 1 555 0100"),
    )));
    let (id, create) = fetch_of(s.response(id, 200, None, br#"{"items": []}"#));
    assert_eq!(
        (create.method.as_str(), create.url.as_str()),
        ("POST", "https://crm.enterprise-client.com/api/v1/accounts")
    );
    // No body template: the interaction's inputs as JSON, the number as searched.
    let body: Value = serde_json::from_str(create.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        (
            body["phone"].as_str(),
            body["media"].as_str(),
            body["interactionId"].as_str()
        ),
        (Some("+35315550100"), Some("voice"), Some("c1"))
    );
    let pop = pop_of(s.response(id, 201, None, br#"{"id": "A9", "name": "New caller"}"#));
    assert_eq!(pop.kind, Kind::Single);
    assert!(pop.created);
    assert_eq!(
        pop.url.as_deref(),
        Some("https://crm.enterprise-client.com/accounts/A9")
    );
    assert_eq!(
        pop.association.as_ref().map(|a| a.text.as_str()),
        Some("New caller")
    );
    let stats = s.stats();
    assert_eq!((stats.single, stats.none, stats.created), (1, 0, 1));
    assert!(
        Action::Pop(pop).into_json()["created"] == true,
        "framework.js is told the record is new"
    );
}

#[cfg(feature = "create")]
#[test]
fn a_record_that_cannot_be_created_pops_none_naming_why() {
    let ws = creating();
    let mut s = Session::new(&ws, 0, None).unwrap();
    let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c1", "015550100"))));
    let (id, _) = fetch_of(s.response(id, 200, None, br#"{"items": []}"#));
    let pop = pop_of(s.response(id, 422, None, br#"{"message": "phone already taken"}"#));
    assert_eq!(pop.kind, Kind::None);
    assert!(!pop.created);
    let cause = pop.cause.as_deref().unwrap();
    assert!(
        cause.starts_with("the record could not be created: ")
            && cause.contains("phone already taken"),
        "{cause}"
    );
    assert_eq!(
        pop.url.as_deref(),
        Some("https://crm.enterprise-client.com/accounts/new?phone=%2B35315550100")
    );
    // An answer the mapping reads no record from is no record either.
    let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c2", "015550101"))));
    let (id, _) = fetch_of(s.response(id, 200, None, br#"{"items": []}"#));
    let pop = pop_of(s.response(id, 201, None, b"{}"));
    assert_eq!(pop.kind, Kind::None);
    assert_eq!(s.stats().created, 0);
    // A lookup that finds the record creates nothing.
    let (id, _) = fetch_of(s.event(Event::Interaction("add", &call("c3", "015550102"))));
    let found =
        json!({"items": [{"id": "A1", "name": "Ann", "tier": "gold", "last_contacted": "x"}]});
    let pop = pop_of(s.response(id, 200, None, found.to_string().as_bytes()));
    assert_eq!((pop.kind, pop.created), (Kind::Single, false));
}
