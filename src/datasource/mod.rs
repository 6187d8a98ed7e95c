//! Running a data source, without I/O: the request it would send for given inputs, and
//! the records a CRM response maps to. The same code serves `framesmith test-source`, the
//! page's live preview and the screen-pop runtime, so the semantics are written once.
//! Every failure is an `ExecError` naming what went wrong and where; nothing here panics.

mod coerce;
mod error;
mod inputs;
mod prepared;
mod request;

use coerce::*;
pub use error::*;
pub use inputs::*;
pub use prepared::*;
pub use request::*;

mod project;
pub mod template;

use std::fmt;

use serde_json::{Map, Value};

use crate::diagnostic::quote;
use crate::jsonpath::Query;
use crate::workspace::{DataSource, Integration, IntegrationType};
use template::{ExpandError, Part, Var};

/// Runtime inputs every lookup has (besides `attributes.<name>`).
pub const RUNTIME_INPUTS: &[&str] = &[
    "phone",
    "searchValue",
    "interactionId",
    "ani",
    "calledNumber",
    "queueName",
    // Issue 23: the kind of interaction and what it carries besides a number.
    "media",
    "direction",
    "remoteName",
    "email",
    "name",
    "dialerCampaignId",
    "dialerContactId",
];

/// Inputs a call-log write has in addition (the fields of the EF `callLog`).
pub const CALL_LOG_INPUTS: &[&str] = &[
    "callLog.id",
    "callLog.subject",
    "callLog.notes",
    "callLog.selectedContact.id",
    "callLog.selectedRelation.id",
    "eventName",
    // Issue 27: the record the interaction is linked to (the single match, the agent's
    // choice, the record a dial named), its length and its wrap-up code.
    "record.id",
    "record.name",
    "interactionDurationSeconds",
    "disposition",
];

pub const DEFAULT_TIMEOUT_SECONDS: i64 = 10;
pub const DEFAULT_MAX_RESPONSE_BYTES: i64 = 1 << 20;
pub const DEFAULT_MAX_PAGES: i64 = 5;
/// `maxPages` past this is refused by `check`, and a lookup never fetches more pages: a
/// screen pop is for one caller, and 100 pages of records are no longer a pop.
pub const MAX_PAGES: i64 = 100;
/// `maxPages` past this is warned of: each page is a round trip the agent waits for.
pub const SANE_PAGES: i64 = 20;
/// How deeply a CRM response may nest.
pub const MAX_RESPONSE_DEPTH: usize = 50;

#[cfg(test)]
mod tests;
