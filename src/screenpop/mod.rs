//! The screen-pop core, sans I/O: what one call's events, the CRM's answers and the tokens
//! do to the pop. The runtime module (`crate::runtime`, inside framework.js) and
//! `framesmith simulate` run the same code; neither the clock, the network nor the page is
//! reached from here: the caller hands in time and answers and carries out the steps.
//!
//! - `media`: the kind of an interaction, and where its search value comes from;
//! - `trigger`: whether an interaction pops, and the value searched with;
//! - `phone`: E.164 normalisation of that value;
//! - `engine`: one call's lookup, from the trigger to the pop;
//! - `pop`: what the agent sees (one record, several, none, a failure);
//! - `tokens`: the access token state machine (refresh once, expiry, sign-in);
//! - `session`: many calls, the wire format, retry and backoff, the answers to the softphone.

pub mod engine;
pub mod media;
pub mod phone;
pub mod pop;
pub mod session;
pub mod tokens;
pub mod trigger;
