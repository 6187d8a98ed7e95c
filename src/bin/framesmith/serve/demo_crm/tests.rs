use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::*;
use crate::serve::http::Request;

fn req(method: &str, target: &str, body: &str) -> Request {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Request {
        method: method.into(),
        path: path.into(),
        query: crate::serve::http::form(query),
        headers: vec![("host".into(), "127.0.0.1:8080".into())],
        body: body.as_bytes().to_vec(),
    }
}

fn with(mut r: Request, name: &str, value: &str) -> Request {
    r.headers.push((name.into(), value.into()));
    r
}

fn body(r: &Response) -> Value {
    serde_json::from_slice(&r.body).unwrap_or(Value::Null)
}

fn header<'r>(r: &'r Response, name: &str) -> Option<&'r str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn lookup(crm: &DemoCrm, phone: &str) -> Response {
    crm.handle(&req(
        "GET",
        &format!(
            "/demo-crm/api/v1/accounts?phone={}&fields=id,name,tier,last_contacted",
            crate::serve::http::encode(phone)
        ),
        "",
    ))
}

#[test]
fn the_fixed_numbers_answer_in_the_lookups_shape_with_next_links() {
    let crm = DemoCrm::default();
    let one = lookup(&crm, "+353 1 555 0100");
    assert_eq!(one.status, 200);
    assert_eq!(
        body(&one),
        json!({"items": [{"id": "ACC-0001", "name": "Alpha Ltd", "tier": "gold",
            "last_contacted": "2026-11-02"}], "next": null, "total": 1})
    );
    let first = body(&lookup(&crm, "+35315550101"));
    assert_eq!(first["items"][0]["name"], "Beta Stores");
    let next = first["next"].as_str().unwrap();
    assert_eq!(
        next,
        "http://127.0.0.1:8080/demo-crm/api/v1/accounts?phone=%2B35315550101&page=2&fields=id%2Cname%2Ctier%2Clast_contacted"
    );
    let target = next.strip_prefix("http://127.0.0.1:8080").unwrap();
    let second = body(&crm.handle(&req("GET", target, "")));
    assert_eq!(second["items"][0]["name"], "Beta Stores (Cork)");
    assert_eq!(second["next"], Value::Null);
    let none = body(&lookup(&crm, "+353 1 555 0199"));
    assert_eq!(none["items"], json!([]));
    assert_eq!(
        body(&crm.handle(&req("GET", "/demo-crm/stats", "")))["lookups"],
        4
    );
}

#[test]
fn email_addresses_find_their_accounts_in_any_case_and_page_on() {
    let crm = DemoCrm::default();
    let get = |target: &str| body(&crm.handle(&req("GET", target, "")));
    let one = get("/demo-crm/api/v1/accounts?email=accounts%40alpha.example&fields=id,name");
    assert_eq!(
        one,
        json!({"items": [{"id": "ACC-0001", "name": "Alpha Ltd"}], "next": null, "total": 1})
    );
    let two = get("/demo-crm/api/v1/accounts?email=HELLO%40beta.example&fields=id");
    assert_eq!(two["total"], 2);
    assert_eq!(
        two["next"],
        "http://127.0.0.1:8080/demo-crm/api/v1/accounts?email=HELLO%40beta.example&page=2&fields=id"
    );
    let none = get("/demo-crm/api/v1/accounts?email=nobody%40example.com");
    assert_eq!(none["items"], json!([]));
    // An address is never read as a number or a name.
    assert_eq!(get("/demo-crm/api/v1/accounts?email=Alpha")["total"], 0);
}

#[test]
fn switches_make_it_slow_rate_limited_and_failing_then_wear_off() {
    let crm = DemoCrm::default();
    let set = |v: Value| crm.handle(&req("POST", "/demo-crm/switches", &v.to_string()));
    assert_eq!(
        set(json!({"rateLimit": 2, "retryAfterSeconds": 3, "latencyMs": 40})).status,
        200
    );
    for _ in 0..2 {
        let r = lookup(&crm, "+353 1 555 0100");
        assert_eq!(r.status, 429);
        assert_eq!(header(&r, "Retry-After"), Some("3"));
        assert_eq!(r.delay, Duration::from_millis(40));
    }
    assert_eq!(lookup(&crm, "+353 1 555 0100").status, 200);
    set(json!({"serverErrors": 1, "htmlErrors": true, "latencyMs": 0}));
    let down = lookup(&crm, "+353 1 555 0100");
    assert_eq!(down.status, 503);
    assert!(down.content_type.starts_with("text/html"));
    assert!(String::from_utf8_lossy(&down.body).contains("down for maintenance"));
    assert_eq!(lookup(&crm, "+353 1 555 0100").status, 200);
    let stats = body(&crm.handle(&req("GET", "/demo-crm/stats", "")));
    assert_eq!(
        (
            stats["lookups"].as_u64(),
            stats["rateLimited"].as_u64(),
            stats["serverErrors"].as_u64()
        ),
        (Some(5), Some(2), Some(1))
    );
    // A switch that does not exist, or a value of the wrong kind, changes nothing.
    assert_eq!(set(json!({"latencyMs": 5, "nope": 1})).status, 400);
    assert_eq!(set(json!({"htmlErrors": "yes"})).status, 400);
    assert_eq!(
        body(&crm.handle(&req("GET", "/demo-crm/switches", "")))["latencyMs"],
        0
    );
    crm.handle(&req("POST", "/demo-crm/reset", ""));
    assert_eq!(
        body(&crm.handle(&req("GET", "/demo-crm/stats", "")))["lookups"],
        0
    );
}

fn form_token(crm: &DemoCrm, form: &str, now: Instant) -> Response {
    crm.handle_at(&req("POST", "/demo-crm/oauth/token", form), now)
}

#[test]
fn pkce_sign_in_then_refresh_tokens_rotate_and_expire() {
    let crm = DemoCrm::default();
    let t0 = Instant::now();
    let verifier = "a-verifier-of-forty-three-characters-0123456";
    let challenge = oauth::s256(verifier);
    let back = "http://127.0.0.1:8080/simulator/signin.html";
    let auth = crm.handle(&req(
        "GET",
        &format!(
            "/demo-crm/oauth/authorize?response_type=code&client_id=demo&redirect_uri={}&code_challenge={challenge}&code_challenge_method=S256&state=xyz",
            crate::serve::http::encode(back)
        ),
        "",
    ));
    assert_eq!(auth.status, 302);
    let location = header(&auth, "Location").unwrap();
    assert!(
        location.starts_with(&format!("{back}?code=demo-code-")),
        "{location}"
    );
    assert!(location.ends_with("&state=xyz"));
    let code = location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    // The wrong verifier is refused, and a code is good once.
    let wrong = form_token(
        &crm,
        &format!(
            "grant_type=authorization_code&code={code}&code_verifier=x&redirect_uri={}",
            crate::serve::http::encode(back)
        ),
        t0,
    );
    assert_eq!(
        (wrong.status, body(&wrong)["error"].as_str()),
        (400, Some("invalid_grant"))
    );
    let auth = crm.handle(&req("GET", &format!("/demo-crm/oauth/authorize?response_type=code&client_id=demo&redirect_uri={}&code_challenge={challenge}&code_challenge_method=S256&state=s", crate::serve::http::encode(back)), ""));
    let code = header(&auth, "Location")
        .unwrap()
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string();
    let ok = form_token(
        &crm,
        &format!(
            "grant_type=authorization_code&code={code}&code_verifier={verifier}&redirect_uri={}",
            crate::serve::http::encode(back)
        ),
        t0,
    );
    assert_eq!(ok.status, 200);
    let granted = body(&ok);
    let (access, refresh) = (
        granted["access_token"].as_str().unwrap(),
        granted["refresh_token"].as_str().unwrap(),
    );
    assert_eq!(granted["expires_in"], 300);
    // The token opens the API until it expires.
    let api = |token: &str, now| {
        crm.handle_at(
            &with(
                req("GET", "/demo-crm/api/v1/accounts?phone=%2B35315550100", ""),
                "authorization",
                &format!("Bearer {token}"),
            ),
            now,
        )
    };
    assert_eq!(api(access, t0).status, 200);
    assert_eq!(api(access, t0 + Duration::from_secs(299)).status, 200);
    assert_eq!(api(access, t0 + Duration::from_secs(301)).status, 401);
    assert_eq!(api("made-up", t0).status, 401);
    // A refresh token is good once; the next one comes with the new access token.
    let fresh = form_token(
        &crm,
        &format!("grant_type=refresh_token&refresh_token={refresh}"),
        t0,
    );
    assert_eq!(fresh.status, 200);
    let again = form_token(
        &crm,
        &format!("grant_type=refresh_token&refresh_token={refresh}"),
        t0,
    );
    assert_eq!(body(&again)["error"], "invalid_grant");
    // Tokens that expire early stop after five seconds whatever expires_in says.
    crm.handle(&req(
        "POST",
        "/demo-crm/switches",
        r#"{"expireEarly": true}"#,
    ));
    let early = body(&form_token(
        &crm,
        "grant_type=client_credentials&client_id=demo",
        t0,
    ));
    assert_eq!(early["expires_in"], 300);
    assert!(early.get("refresh_token").is_none());
    let token = early["access_token"].as_str().unwrap();
    assert_eq!(api(token, t0 + Duration::from_secs(4)).status, 200);
    assert_eq!(api(token, t0 + Duration::from_secs(6)).status, 401);
    // invalid_grant refuses every refresh.
    let rt = body(&fresh)["refresh_token"].as_str().unwrap().to_string();
    crm.handle(&req(
        "POST",
        "/demo-crm/switches",
        r#"{"invalidGrant": true}"#,
    ));
    assert_eq!(
        body(&form_token(
            &crm,
            &format!("grant_type=refresh_token&refresh_token={rt}"),
            t0
        ))["error"],
        "invalid_grant"
    );
    let stats = body(&crm.handle(&req("GET", "/demo-crm/stats", "")));
    assert_eq!(stats["authorizations"], 2);
    assert_eq!(stats["tokenRequests"], 6);
    assert_eq!(stats["unauthorized"], 3);
}

#[test]
fn it_answers_and_redirects_to_this_machine_only() {
    let crm = DemoCrm::default();
    let from = |origin: &str| {
        let r = crm.handle(&with(
            req("GET", "/demo-crm/api/v1/accounts?phone=1", ""),
            "origin",
            origin,
        ));
        header(&r, "Access-Control-Allow-Origin").map(str::to_string)
    };
    assert_eq!(
        from("http://localhost:8080").as_deref(),
        Some("http://localhost:8080")
    );
    assert_eq!(
        from("http://127.0.0.1:9").as_deref(),
        Some("http://127.0.0.1:9")
    );
    assert_eq!(from("https://evil.example"), None);
    assert_eq!(from("http://localhost.evil.example"), None);
    assert_eq!(from("http://127.0.0.1.evil.example:80"), None);
    let pre = crm.handle(&with(
        req("OPTIONS", "/demo-crm/api/v1/accounts", ""),
        "origin",
        "http://localhost:8080",
    ));
    assert_eq!(pre.status, 204);
    assert!(
        header(&pre, "Access-Control-Allow-Headers")
            .unwrap()
            .contains("authorization")
    );
    for evil in [
        "https://evil.example/cb",
        "http://localhost.evil.example/",
        "javascript:alert(1)",
    ] {
        let r = crm.handle(&req("GET", &format!("/demo-crm/oauth/authorize?response_type=code&client_id=c&redirect_uri={}&code_challenge=x&code_challenge_method=S256", crate::serve::http::encode(evil)), ""));
        assert_eq!(r.status, 400, "{evil}");
        assert!(header(&r, "Location").is_none());
    }
}

#[test]
fn pages_show_records_and_escape_what_they_are_given() {
    let crm = DemoCrm::default();
    let page = |target: &str| {
        let r = crm.handle(&req("GET", target, ""));
        (r.status, String::from_utf8(r.body).unwrap())
    };
    let (status, alpha) = page("/demo-crm/accounts/ACC-0001");
    assert_eq!(status, 200);
    assert!(alpha.contains("<h1>Alpha Ltd</h1>") && alpha.contains("+353 1 555 0100"));
    let (_, new) = page("/demo-crm/accounts/new?phone=%2B35315550199");
    assert!(new.contains("value=\"+35315550199\""));
    let (_, evil) = page("/demo-crm/search?phone=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert!(!evil.contains("<script>") && evil.contains("&lt;script&gt;"));
    let (_, two) = page("/demo-crm/search?phone=%2B353+1+555+0101");
    assert!(two.contains("2 accounts") && two.contains("Beta Stores (Cork)"));
    assert_eq!(page("/demo-crm/accounts/ACC-9999").0, 404);
    assert_eq!(page("/demo-crm/").0, 200);
}

#[test]
fn cross_site_requests_and_foreign_hosts_are_refused() {
    let crm = DemoCrm::default();
    // A cross-site text/plain POST needs no preflight in a browser: refused all the same.
    let evil = with(
        req("POST", "/demo-crm/switches", r#"{"latencyMs": 5000}"#),
        "origin",
        "https://evil.example",
    );
    assert_eq!(crm.handle(&evil).status, 403);
    let token = with(
        req(
            "POST",
            "/demo-crm/oauth/token",
            "grant_type=client_credentials",
        ),
        "origin",
        "https://evil.example",
    );
    assert_eq!(crm.handle(&token).status, 403);
    // The switches were not touched.
    let stats = crm.handle(&req("GET", "/demo-crm/switches", ""));
    assert_eq!(stats.status, 200);
    assert_ne!(body(&stats)["latencyMs"], 5000);
    // A name that resolves here but is not this machine's (DNS rebinding): refused, and
    // never copied into a link.
    let mut rebound = req("GET", "/demo-crm/api/v1/accounts?phone=%2B35315550100", "");
    rebound.headers = vec![("host".into(), "evil.example:8080".into())];
    let r = crm.handle(&rebound);
    assert_eq!(r.status, 421);
    assert!(!String::from_utf8_lossy(&r.body).contains("evil.example"));
    // This machine's own pages still work.
    let ok = with(
        req("POST", "/demo-crm/switches", r#"{"latencyMs": 0}"#),
        "origin",
        "http://localhost:8080",
    );
    assert_eq!(crm.handle(&ok).status, 200);
}

#[test]
fn an_activity_is_created_once_and_updated_by_its_id() {
    let crm = DemoCrm::default();
    let created = crm.handle(&req(
        "POST",
        "/demo-crm/api/v1/activities",
        r#"{"callLog.notes": "hello", "interactionId": "c1"}"#,
    ));
    assert_eq!(created.status, 201);
    let id = body(&created)["id"].as_str().unwrap().to_string();
    let patch = |b: &str| {
        crm.handle(&req(
            "PATCH",
            &format!("/demo-crm/api/v1/activities/{id}"),
            b,
        ))
    };
    assert_eq!(patch(r#"{"callLog.notes": "hello again"}"#).status, 204);
    assert_eq!(
        patch(r#"{"eventName": "wrapUp", "disposition": "Resolved"}"#).status,
        204
    );
    assert_eq!(patch("not json").status, 400);
    let missing = crm.handle(&req("PATCH", "/demo-crm/api/v1/activities/ACT-99999", "{}"));
    assert_eq!(missing.status, 404);
    let list = body(&crm.handle(&req("GET", "/demo-crm/activities", "")));
    assert_eq!(
        list["items"],
        json!([{"id": id, "fields": {"callLog.notes": "hello again", "interactionId": "c1",
            "eventName": "wrapUp", "disposition": "Resolved"}}])
    );
    let stats = body(&crm.handle(&req("GET", "/demo-crm/stats", "")));
    assert_eq!(
        (
            stats["activities"].as_u64(),
            stats["activityUpdates"].as_u64()
        ),
        (Some(1), Some(2))
    );
}
