#![no_main]
//! Fuzz target `lint`: the body is in ../targets.rs, shared with the regression replay.

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::lint(data));
