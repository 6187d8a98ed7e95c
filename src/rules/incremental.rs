//! The check a keystroke needs (issue 26). After an edit inside one deployment only that
//! deployment is shape-checked and read again, and only the rule families that read one
//! deployment at a time run on it again; the families that compare deployments (cheap
//! counts and duplicates) run on every check, the org's own families keep their findings.
//! Anything else (a deployment added or removed, an org table edited, an entry that is not
//! a table) is a full check. The findings are exactly `check_value`'s, in its order:
//! tests/incremental.rs edits random workspaces and compares after every edit.

use serde_json::Value;

use super::{Ctx, beyond_shape};
use crate::base::pointer;
use crate::diagnostic::Diagnostic;
use crate::standin::strmap::StrMap;
use crate::workspace::Workspace;

/// What a family of rules reads, which says what an edit of one deployment can change.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reads {
    /// Deployments against each other (counts, duplicates): run again on every check.
    All,
    /// One deployment at a time, with the org's tables: its findings for a deployment
    /// change only when that deployment or the rest of the workspace does.
    Each,
    /// Only the org's tables (integrations, their types): unchanged by any deployment edit.
    Org,
}

type Family = fn(&Ctx, &mut Vec<Diagnostic>);

/// Every family, in the order `rules::check` runs them. `tests/incremental.rs` holds each
/// `Reads` to the truth: an incremental check after random edits equals a full one.
const FAMILIES: [(Family, Reads); 14] = [
    (super::region::check, Reads::All),
    (super::deployments::check, Reads::All),
    (super::client_id::check, Reads::All),
    (super::oauth::check, Reads::Each),
    (super::origin::check, Reads::Each),
    (super::attributes::check, Reads::Each),
    (super::settings::check, Reads::Each),
    (super::screen_pop::check, Reads::Each),
    (super::media::check, Reads::Each),
    (super::integration::check, Reads::Org),
    (super::integration_type::check, Reads::Org),
    (super::integration_names::check, Reads::Org),
    (super::secrets::deployments, Reads::Each),
    (super::secrets::types, Reads::Org),
];

/// Run the families on deployment `i` alone (`None`: on all of them again).
fn only(ctx: &mut Ctx, i: Option<usize>) {
    let all = &ctx.ws.deployments[..];
    (ctx.first, ctx.each) = match i {
        Some(i) => (i, all.get(i..=i).unwrap_or_default()),
        None => (0, all),
    };
}

/// What the rules see of a model read from `cleaned`.
fn context<'a>(ws: &'a Workspace, cleaned: &'a Value) -> Ctx<'a> {
    let mut ctx = Ctx::new(ws);
    ctx.cleaned = Some(cleaned);
    ctx
}

/// A checker that keeps what it found in the last workspace it checked.
#[derive(Default)]
pub struct Checker {
    last: Option<Last>,
}

struct Last {
    value: Value,
    ws: Workspace,
    /// The cleaned value `ws` was read from, which the secret scan walks.
    cleaned: Value,
    /// Shape findings before the deployment list, of each deployment, and after it.
    before: Vec<Diagnostic>,
    shape: Vec<Vec<Diagnostic>>,
    after: Vec<Diagnostic>,
    /// Findings of the `Reads::Each` families, by deployment, then by family.
    each: Vec<Vec<Vec<Diagnostic>>>,
    /// Findings of the `Reads::Org` families, by family.
    org: Vec<Vec<Diagnostic>>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every finding about `value`, as `check_value` gives them, re-checking only the
    /// deployments that differ from the last workspace checked.
    pub fn check(&mut self, value: &Value) -> Vec<Diagnostic> {
        let changed = self.last.as_ref().and_then(|l| edited(&l.value, value));
        match (changed, self.last.as_mut()) {
            (Some(changed), Some(last)) => {
                for i in changed {
                    if last.replace(i, value["deployment"][i].clone()).is_err() {
                        // Not a table: the list drops it. Check the whole of what was given
                        // (the deployments after this one have not been put in yet).
                        return self.full(value.clone());
                    }
                }
                last.findings()
            }
            _ => self.full(value.clone()),
        }
    }

    /// What `check` gives after an edit the caller knows is confined to deployment `i`
    /// (the page knows: its edits are a value set at a path), given only that deployment's
    /// new value, so a keystroke converts and compares nothing else. `None` when there is
    /// no last workspace with a deployment `i`: check the whole workspace instead.
    pub fn check_edited(&mut self, i: usize, deployment: Value) -> Option<Vec<Diagnostic>> {
        let last = self.last.as_mut().filter(|l| i < l.shape.len())?;
        Some(match last.replace(i, deployment) {
            Ok(()) => last.findings(),
            Err(d) => {
                let mut whole = std::mem::take(&mut last.value);
                whole["deployment"][i] = d;
                self.full(whole)
            }
        })
    }

    fn full(&mut self, value: Value) -> Vec<Diagnostic> {
        let (ws, cleaned, shape) = Workspace::from_value_cleaned(&value);
        let Some((before, each_shape, after)) = split(&value, &shape) else {
            // Not a workspace a keystroke edits one deployment of: check it whole, keep nothing.
            self.last = None;
            let mut out = shape;
            beyond_shape(&mut out, super::check_cleaned(&ws, &cleaned));
            return out;
        };
        let mut ctx = context(&ws, &cleaned);
        let mut each = Vec::with_capacity(ws.deployments.len());
        for i in 0..ws.deployments.len() {
            only(&mut ctx, Some(i));
            each.push(run(&ctx, Reads::Each));
        }
        only(&mut ctx, None);
        let org = run(&ctx, Reads::Org);
        let last = self.last.insert(Last {
            value,
            ws,
            cleaned,
            before,
            shape: each_shape,
            after,
            each,
            org,
        });
        last.findings()
    }
}

/// The findings of every family that reads as `reads` does, one list per family.
fn run(ctx: &Ctx, reads: Reads) -> Vec<Vec<Diagnostic>> {
    FAMILIES
        .iter()
        .filter(|(_, r)| *r == reads)
        .map(|(family, _)| {
            let mut out = Vec::new();
            family(ctx, &mut out);
            out
        })
        .collect()
}

impl Last {
    /// Put deployment `i`'s new value in, and find again what can have changed with it.
    /// A value that is not a table comes back: the whole workspace must be checked.
    fn replace(&mut self, i: usize, value: Value) -> Result<(), Value> {
        let Some((deployment, cleaned, shape)) = Workspace::deployment_from_value(&value, i) else {
            return Err(value);
        };
        self.ws.deployments[i] = deployment;
        self.cleaned["deployment"][i] = cleaned;
        self.shape[i] = shape;
        let mut ctx = context(&self.ws, &self.cleaned);
        only(&mut ctx, Some(i));
        self.each[i] = run(&ctx, Reads::Each);
        self.value["deployment"][i] = value;
        Ok(())
    }

    /// Everything, in the order a full check reports it.
    fn findings(&self) -> Vec<Diagnostic> {
        let ctx = context(&self.ws, &self.cleaned);
        let mut found = Vec::new();
        let (mut e, mut o) = (0, 0);
        for (family, reads) in FAMILIES {
            match reads {
                Reads::All => family(&ctx, &mut found),
                Reads::Each => {
                    for d in &self.each {
                        found.extend_from_slice(&d[e]);
                    }
                    e += 1;
                }
                Reads::Org => {
                    found.extend_from_slice(&self.org[o]);
                    o += 1;
                }
            }
        }
        let mut out = self.before.clone();
        for s in &self.shape {
            out.extend_from_slice(s);
        }
        out.extend_from_slice(&self.after);
        beyond_shape(&mut out, found);
        out
    }
}

/// The deployments of `new` that differ from `old`'s, when nothing else does and both
/// have the same number of deployments; `None` for any other change.
fn edited(old: &Value, new: &Value) -> Option<Vec<usize>> {
    let (old, new) = (old.as_object()?, new.as_object()?);
    if old.len() != new.len() {
        return None;
    }
    let mut changed = Vec::new();
    for ((ok, ov), (nk, nv)) in old.iter().zip(new) {
        if ok != nk {
            return None;
        }
        if ok != "deployment" {
            if !same(ov, nv) {
                return None;
            }
            continue;
        }
        let (ol, nl) = (ov.as_array()?, nv.as_array()?);
        if ol.len() != nl.len() {
            return None;
        }
        changed.extend((0..ol.len()).filter(|&i| !same(&ol[i], &nl[i])));
    }
    Some(changed)
}

/// Equal, keys in the same order too: the order of the findings follows the keys'.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((xk, xv), (yk, yv))| xk == yk && same(xv, yv))
        }
        _ => a == b,
    }
}

type Split = (Vec<Diagnostic>, Vec<Vec<Diagnostic>>, Vec<Diagnostic>);

/// The shape findings of a whole workspace cut into those before its deployment list, each
/// deployment's, and those after, by the top-level key each is under (the shape check
/// walks the keys in order). `None` when the workspace is not one a keystroke edits one
/// deployment of, or the findings do not fall in that order: then nothing is kept.
fn split(value: &Value, shape: &[Diagnostic]) -> Option<Split> {
    let map = value.as_object()?;
    let list = map.get("deployment")?.as_array()?;
    if !list.iter().all(Value::is_object) {
        return None;
    }
    // Each top-level key's position, as the pointer that starts its findings' paths.
    let mut position = StrMap::new();
    for (n, k) in map.keys().enumerate() {
        position.insert(pointer::push("", k), n);
    }
    let at = *position.get("/deployment")?;
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let mut each = vec![Vec::new(); list.len()];
    // Where the last finding went: (0, _) before, (1, i) deployment i, (2, _) after.
    let mut stage = (0, 0);
    for d in shape {
        // "/deployment/3/name": the top key's pointer is "/deployment", the rest "/3/name".
        let top_end = d
            .path
            .strip_prefix('/')
            .map_or(0, |t| 1 + t.find('/').unwrap_or(t.len()));
        let here = match position.get(&d.path[..top_end]) {
            Some(&n) if n == at => {
                let rest = &d.path[top_end..];
                let index = rest.get(1..)?.split('/').next()?.parse::<usize>().ok()?;
                (1, index)
            }
            Some(&n) if n < at => (0, 0),
            _ => (2, 0),
        };
        if here < stage {
            return None;
        }
        stage = here;
        match here.0 {
            0 => before.push(d.clone()),
            1 => each.get_mut(here.1)?.push(d.clone()),
            _ => after.push(d.clone()),
        }
    }
    Some((before, each, after))
}
