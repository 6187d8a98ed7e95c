//! Fetches under way and the retry rules: what each fetch was for, how many may run at once,
//! and how long to wait before sending again after a 429 or 503.

use super::*;

/// Fetches under way at once, at most (as the engine's searches).
pub(super) const MAX_FETCHES: usize = 256;

/// A fetch under way: what it asked for, and what the lookup had found before it.
pub(super) struct Pending {
    pub(super) id: u64,
    pub(super) interaction_id: String,
    /// The lookup's first request, which later pages are made from.
    pub(super) first: Request,
    /// This fetch's request, sent again after a 429.
    pub(super) request: Fetch,
    pub(super) page: u64,
    pub(super) records: Vec<Map<String, Value>>,
    /// How many times this request was sent before, after a 429 or 503.
    pub(super) attempt: u32,
    pub(super) purpose: Purpose,
    /// The CRM token this request carries (direct route).
    pub(super) token: Option<String>,
    /// Sent again after a 401 with a new token already: a second 401 is the answer.
    pub(super) reauthorised: bool,
    /// Every request this lookup sent (method, URL and body, as `sent_key` joins them): a
    /// next link that leads back to one of them ends the paging instead of going round.
    /// And the ids of the records kept, so that a page the CRM repeats adds nothing. Both
    /// are JSON maps: the runtime module carries that tree already, and a set type of its
    /// own would add 5 KB of tree code to a module with a budget.
    pub(super) sent: Map<String, Value>,
    pub(super) ids: Map<String, Value>,
    /// The CRM's id of the call log an update writes, answered when it is written.
    pub(super) log_id: Option<String>,
}

impl Pending {
    /// The first request of a lookup, search or call log (its fetch id is given when sent).
    pub(super) fn new(interaction_id: String, first: Request, purpose: Purpose) -> Pending {
        Pending {
            id: 0,
            interaction_id,
            request: Fetch::from(&first),
            first,
            page: 1,
            records: Vec::new(),
            attempt: 0,
            purpose,
            token: None,
            reauthorised: false,
            sent: Map::new(),
            ids: Map::new(),
            log_id: None,
        }
    }
}

/// Sending a request again after a 429 or 503: at most this many times, waiting at most
/// MAX_WAIT_MS each time; a CRM asking for longer is a failure naming the wait.
pub(super) const MAX_RETRIES: u32 = 3;
pub(super) const MAX_WAIT_MS: u64 = 10_000;

/// The wait before sending again: the CRM's Retry-After when it gave one, else 500 ms
/// doubled per attempt; plus up to a quarter more, so that the calls a rate limit stopped
/// together do not come back together. The jitter is drawn from the fetch id, which keeps
/// the session free of a clock and a random source (framework.js has both).
pub(super) fn backoff(attempt: u32, retry_after_ms: Option<u64>, fetch: u64) -> u64 {
    let base = retry_after_ms.unwrap_or(500 << attempt.min(5));
    let spread = fetch.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40; // 0 .. 2^24
    base + (base / 4) * spread / (1 << 24)
}
