//! The demo CRM's accounts: a few hundred, the same on every run, with the numbers the
//! README, the tests and anyone trying framesmith rely on: `+353 1 555 0100` belongs to
//! exactly one account (Alpha Ltd), `+353 1 555 0101` to two, `+353 1 555 0199` to none.
//! Some numbers are stored in national format, as CRMs fill up with them, and a few are
//! shared, so that a lookup finds several. Each account has an email address too (issue 23):
//! `accounts@alpha.example` is Alpha Ltd's, `hello@beta.example` both Beta Stores', and
//! `nobody@example.com` nobody's, so that chats and emails pop all three ways.

/// One account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: String,
    pub name: String,
    pub tier: &'static str,
    pub last_contacted: String,
    /// As the CRM holds it: international or national, with spaces or without.
    pub phone: String,
    /// As the CRM holds it, in any case.
    pub email: String,
}

const FIRST: &[&str] = &[
    "Amber", "Birch", "Cobalt", "Delta", "Ember", "Fern", "Granite", "Harbour", "Iris", "Juniper",
    "Kestrel", "Linden", "Maple", "Nimbus", "Oak", "Pine", "Quartz", "Rowan", "Slate", "Thistle",
];
const SECOND: &[&str] = &[
    "Logistics",
    "Foods",
    "Clinics",
    "Motors",
    "Media",
    "Builders",
    "Pharma",
    "Travel",
    "Insurance",
    "Energy",
    "Textiles",
    "Studios",
    "Labs",
    "Farms",
    "Print",
];
const TIERS: &[&str] = &["gold", "silver", "bronze"];
/// How many generated accounts there are besides the fixed ones.
const GENERATED: usize = 300;

fn fixed() -> Vec<Account> {
    let account = |id: &str, name: &str, tier, date: &str, phone: &str, email: &str| Account {
        id: id.into(),
        name: name.into(),
        tier,
        last_contacted: date.into(),
        phone: phone.into(),
        email: email.into(),
    };
    vec![
        account(
            "ACC-0001",
            "Alpha Ltd",
            "gold",
            "2026-11-02",
            "+353 1 555 0100",
            "Accounts@Alpha.example",
        ),
        account(
            "ACC-0002",
            "Beta Stores",
            "silver",
            "2026-10-28",
            "+35315550101",
            "hello@beta.example",
        ),
        // The same number, stored in national format: a lookup in E.164 finds it too.
        account(
            "ACC-0003",
            "Beta Stores (Cork)",
            "bronze",
            "2026-09-14",
            "01 555 0101",
            "hello@beta.example",
        ),
    ]
}

/// Every account, in id order.
pub fn all() -> Vec<Account> {
    let mut out = fixed();
    for i in 0..GENERATED {
        let n = i + 4;
        // Every tenth is stored nationally; every 25th shares the number before it.
        let line = if i % 25 == 24 { 6000 + i - 1 } else { 6000 + i };
        let phone = if i % 10 == 3 {
            format!("01 556 {line:04}")
        } else {
            format!("+353 1 556 {line:04}")
        };
        out.push(Account {
            id: format!("ACC-{n:04}"),
            name: format!(
                "{} {}",
                FIRST[i % FIRST.len()],
                SECOND[(i / FIRST.len() + i) % SECOND.len()]
            ),
            tier: TIERS[i % TIERS.len()],
            last_contacted: format!("2026-{:02}-{:02}", 1 + i % 11, 1 + i % 28),
            phone,
            email: format!("{}.{n}@example.com", FIRST[i % FIRST.len()].to_lowercase()),
        });
    }
    out
}

/// A number's digits as the CRM compares them: international, without `+` (Irish national
/// numbers, with their trunk `0`, are read as +353). None for text that is not a number.
pub fn digits(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text
        .strip_prefix("tel:")
        .or_else(|| text.strip_prefix("sip:"))
        .unwrap_or(text);
    if !text
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        return None;
    }
    let d: String = text.chars().filter(char::is_ascii_digit).collect();
    let d = if text.starts_with('+') {
        d
    } else if let Some(rest) = d.strip_prefix("00") {
        rest.to_string()
    } else if let Some(rest) = d.strip_prefix('0') {
        format!("353{rest}")
    } else {
        d
    };
    (d.len() >= 6).then_some(d)
}

/// The accounts with this email address (any case, surrounding space ignored).
pub fn find_email<'a>(accounts: &'a [Account], email: &str) -> Vec<&'a Account> {
    let wanted = email.trim();
    if wanted.is_empty() {
        return Vec::new();
    }
    accounts
        .iter()
        .filter(|a| a.email.eq_ignore_ascii_case(wanted))
        .collect()
}

/// The accounts a search value finds: by number when it is one, else by id or by a part of
/// the name (any case).
pub fn find<'a>(accounts: &'a [Account], value: &str) -> Vec<&'a Account> {
    match digits(value) {
        Some(wanted) => accounts
            .iter()
            .filter(|a| digits(&a.phone).as_deref() == Some(wanted.as_str()))
            .collect(),
        None => {
            let v = value.trim().to_lowercase();
            if v.is_empty() {
                return Vec::new();
            }
            accounts
                .iter()
                .filter(|a| a.id.to_lowercase() == v || a.name.to_lowercase().contains(&v))
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numbers_the_readme_names_find_what_it_says() {
        let accounts = all();
        let names = |v: &str| -> Vec<String> {
            find(&accounts, v).iter().map(|a| a.name.clone()).collect()
        };
        assert_eq!(names("+353 1 555 0100"), ["Alpha Ltd"]);
        assert_eq!(names("+35315550100"), ["Alpha Ltd"]);
        assert_eq!(names("tel:+353-1-555-0100"), ["Alpha Ltd"]);
        assert_eq!(names("01 555 0100"), ["Alpha Ltd"]);
        assert_eq!(
            names("+353 1 555 0101"),
            ["Beta Stores", "Beta Stores (Cork)"]
        );
        assert!(names("+353 1 555 0199").is_empty());
        assert_eq!(names("acc-0001"), ["Alpha Ltd"]);
        assert!(names("").is_empty());
        assert!(accounts.len() > 300);
        // Ids are unique; some generated numbers are shared and some stored nationally.
        let mut ids: Vec<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
        ids.dedup();
        assert_eq!(ids.len(), accounts.len());
        assert!(accounts.iter().any(|a| a.phone.starts_with("01 556")));
        assert!(
            accounts
                .iter()
                .any(|a| find(&accounts, &a.phone).len() == 2 && a.id != "ACC-0002")
        );
    }
}
