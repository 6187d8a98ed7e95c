//! The builder module behind the page: the wasm-bindgen API (`bindings`, wasm32 only) and
//! the TypeScript types of that API, generated from the Rust types (`typescript`, checked
//! against `bindings.d.ts` by tests/typescript.rs).

/// The builder module's JavaScript API (wasm32 only).
#[cfg(all(target_arch = "wasm32", not(feature = "runtime")))]
pub mod bindings;
pub mod typescript;
