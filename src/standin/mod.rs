//! The stand-ins: hand-written replacements for crates, kept because the wasm modules have
//! size budgets (issue 13) that the crates would break. Each one names, in its module
//! comment, the crate it stands in for and the twin test that holds it to that crate.
//!
//! | module       | stands in for            | twin test                                   |
//! |--------------|--------------------------|---------------------------------------------|
//! | `toml_read`  | `toml` (reading)         | tests/toml.rs (valid, mutated, damaged text) |
//! | `toml_write` | `toml` (writing)         | tests/toml.rs (round trip through `toml`)    |
//! | `json`       | `serde_json` (reading)   | tests/json_differential.rs                   |
//! | `float`      | `ryu` / `str::parse`     | tests/standins.rs                            |
//! | `sha256`     | `sha2`                   | tests/sha256.rs                              |
//! | `zip`        | `zip` (writing, stored)  | tests/zip.rs                                 |
//! | `strmap`     | `BTreeMap<String, _>`    | tests/standins.rs                            |
//! | `alloc`      | `dlmalloc` (the default) | tests/allocator.rs                           |
//!
//! A stand-in imports nothing of the crate above `base` (architecture invariant).

pub mod alloc;
pub mod float;
pub mod json;
pub mod sha256;
pub mod strmap;
pub mod toml_read;
pub mod toml_write;
pub mod zip;
