//! OAuth client ids: every deployment needs one, it must be a UUID, and no two deployments
//! may share one (each needs its own OAuth client).

use crate::standin::strmap::StrMap;

use super::Ctx;
use crate::base::pointer;
use crate::diagnostic::{Code, Diagnostic, quote};

pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

pub fn check(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
    let mut seen: StrMap<(usize, &str)> = StrMap::new();
    for (i, d, path) in ctx.deployments() {
        let p = pointer::push(&path, "client_id");
        let id = d.client_id.as_deref().map(str::trim).unwrap_or("");
        if id.is_empty() {
            out.push(Diagnostic::new(
                Code::ClientIdMissing,
                p,
                format!("deployment {} has no OAuth client id", quote(&d.name)),
                "create an OAuth client (grant: Code Authorization with PKCE) in Admin > OAuth and set client_id to its Client ID",
            ));
            continue;
        }
        if !is_uuid(id) {
            out.push(Diagnostic::new(
                Code::ClientIdNotUuid,
                p,
                format!("client id {} is not a UUID", quote(id)),
                "copy the Client ID (not the secret) from Admin > OAuth; it looks like 5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015",
            ));
            continue;
        }
        match seen.get(&id.to_ascii_lowercase()) {
            Some((_, first)) => out.push(Diagnostic::new(
                Code::ClientIdDuplicate,
                p,
                format!(
                    "client id {} is already used by deployment {}",
                    quote(id),
                    quote(first)
                ),
                "give each deployment its own OAuth client and client id",
            )),
            None => {
                seen.insert(id.to_ascii_lowercase(), (i, d.name.as_str()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn uuid_shape() {
        assert!(super::is_uuid("5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015"));
        assert!(!super::is_uuid("5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f01"));
        assert!(!super::is_uuid("5b0c7e64x2f1d-4c8a-9e3b-7a41d2c9f015"));
        assert!(!super::is_uuid("zb0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015"));
    }
}
