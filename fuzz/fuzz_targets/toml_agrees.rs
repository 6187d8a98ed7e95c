#![no_main]
//! Fuzz target `toml_agrees`: the body is in ../targets.rs, shared with the regression replay.

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::toml_agrees(data));
