//! The small leaves every layer above may use: JSON pointers, line and column positions,
//! URLs, nesting depth, "did you mean" suggestions, the secret detector and the
//! shape of TOML datetimes. A module here imports nothing of the crate but other leaves
//! here and the stand-ins (architecture invariant, held by tests/layers.rs).

pub mod datetime;
pub mod depth;
pub mod pointer;
pub mod position;
pub mod secret;
pub mod suggest;
pub mod text;
pub mod url;

/// The framesmith version stamped into every framework.js.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
