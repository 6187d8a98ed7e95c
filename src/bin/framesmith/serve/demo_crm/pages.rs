//! The demo CRM's HTML pages: where a screen pop visibly lands. Every value written into
//! a page is escaped; the pages run no script.

use super::PREFIX;
use super::accounts::Account;
use crate::serve::http::{Response, encode};

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn page(status: u16, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} · Demo CRM</title><style>\
         body{{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}}\
         header{{background:#24374d;color:#fff;padding:.6rem 1.2rem}}header a{{color:#fff}}\
         main{{max-width:46rem;margin:1.5rem auto;padding:0 1.2rem}}\
         dl{{display:grid;grid-template-columns:10rem 1fr;gap:.3rem 1rem}}dt{{font-weight:600}}\
         table{{border-collapse:collapse;width:100%}}td,th{{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ccd}}\
         a{{color:#0b57a4}}</style></head>\n<body><header><a href=\"{PREFIX}/\">Demo CRM</a> \
         · framesmith's stand-in CRM</header>\n<main><h1>{t}</h1>\n{body}\n</main></body></html>\n",
        t = escape(title)
    );
    Response::new(status, "text/html; charset=utf-8", html)
}

fn row(a: &Account) -> String {
    format!(
        "<tr><td><a href=\"{PREFIX}/accounts/{id}\">{name}</a></td><td>{id}</td><td>{phone}</td><td>{tier}</td></tr>",
        id = escape(&a.id),
        name = escape(&a.name),
        phone = escape(&a.phone),
        tier = escape(a.tier),
    )
}

fn table(accounts: &[&Account]) -> String {
    let rows: String = accounts.iter().map(|a| row(a)).collect();
    format!(
        "<table><thead><tr><th>Account</th><th>Id</th><th>Phone</th><th>Tier</th></tr></thead><tbody>{rows}</tbody></table>"
    )
}

fn search_form(value: &str) -> String {
    format!(
        "<form action=\"{PREFIX}/search\" role=\"search\"><label>Phone, id or name \
         <input name=\"phone\" value=\"{}\"></label> <button>Search</button></form>",
        escape(value)
    )
}

pub fn index(accounts: &[Account]) -> Response {
    let first: Vec<&Account> = accounts.iter().take(10).collect();
    page(
        200,
        "Accounts",
        &format!(
            "<p>{n} accounts. Numbers to try: <b>+353 1 555 0100</b> (one account), \
             <b>+353 1 555 0101</b> (two), <b>+353 1 555 0199</b> (none).</p>{form}{table}",
            n = accounts.len(),
            form = search_form(""),
            table = table(&first)
        ),
    )
}

pub fn account(a: &Account) -> Response {
    page(
        200,
        &a.name,
        &format!(
            // The number is a tel: link naming the account, which the simulator's host
            // adapter turns into a dial linked to it (`linkify`).
            "<dl><dt>Account id</dt><dd>{id}</dd><dt>Phone</dt><dd><a href=\"tel:{tel}\" \
             data-framesmith-record=\"{id}\" data-framesmith-text=\"{name}\">{phone}</a></dd>\
             <dt>Tier</dt><dd>{tier}</dd><dt>Last contacted</dt><dd>{date}</dd></dl>",
            id = escape(&a.id),
            tel = escape(&encode(&a.phone)),
            name = escape(&a.name),
            phone = escape(&a.phone),
            tier = escape(a.tier),
            date = escape(&a.last_contacted)
        ),
    )
}

pub fn search(value: &str, found: &[&Account]) -> Response {
    let body = if found.is_empty() {
        format!(
            "<p>No account for <b>{v}</b>. <a href=\"{PREFIX}/accounts/new?phone={q}\">Create one</a>.</p>",
            v = escape(value),
            q = encode(value)
        )
    } else {
        format!(
            "<p>{n} accounts for <b>{v}</b>.</p>{t}",
            n = found.len(),
            v = escape(value),
            t = table(found)
        )
    };
    page(200, "Search", &format!("{}{body}", search_form(value)))
}

pub fn new_account(phone: &str) -> Response {
    page(
        200,
        "New account",
        &format!(
            "<form><label>Name <input name=\"name\"></label><br><label>Phone \
             <input name=\"phone\" value=\"{}\"></label></form>\
             <p>The phone number comes from the call: the screen pop filled it in.</p>",
            escape(phone)
        ),
    )
}

pub fn not_found() -> Response {
    page(
        404,
        "Not found",
        "<p>There is no such page in the demo CRM.</p>",
    )
}

pub fn error(status: u16, message: &str) -> Response {
    page(status, "Error", &format!("<p>{}</p>", escape(message)))
}
