//! The token state machine of the screen-pop runtime (proxy and direct routes): which
//! lookups may use the token now, which must wait for the one refresh in flight, when to
//! refresh ahead of expiry, how long to back off after a failure, and when to stop and say
//! why. It does no I/O and reads no clock: the caller (framework.js) passes the time in
//! milliseconds and performs the refresh it is told to, so tests drive it in virtual time.

/// Tuning, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Refresh this long before expiry...
    pub refresh_margin_ms: u64,
    /// ...minus up to this much jitter, so tabs and agents do not refresh in step.
    pub refresh_jitter_ms: u64,
    /// First backoff after a failed refresh; doubled per failure, capped.
    pub backoff_base_ms: u64,
    pub backoff_cap_ms: u64,
    /// Consecutive failures after which the source is marked unavailable.
    pub max_failures: u32,
    /// How long an unavailable source waits before one more try.
    pub unavailable_ms: u64,
    /// The longest wait a token endpoint's Retry-After may ask for (as long as the longest
    /// backoff); past it the lookups fail at once, naming the wait, and the next lookup
    /// tries again.
    pub max_wait_ms: u64,
    /// The longest lifetime a token is taken to have, whatever `expires_in` says.
    pub max_lifetime_ms: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            refresh_margin_ms: 60_000,
            refresh_jitter_ms: 30_000,
            backoff_base_ms: 1_000,
            backoff_cap_ms: 60_000,
            max_failures: 5,
            unavailable_ms: 300_000,
            max_wait_ms: 60_000,
            // Two days, as the longest Genesys OAuth token lives (catalogue::limits).
            max_lifetime_ms: crate::catalogue::limits::MAX_TOKEN_LIFETIME as u64 * 1000,
        }
    }
}

/// A new token from the token endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub token: String,
    pub expires_in_ms: u64,
}

/// Why a refresh failed, as the token endpoint said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// HTTP status, 0 for a network error or timeout.
    pub status: u16,
    /// The OAuth `error` (`invalid_grant`, `invalid_scope`...), when there was one.
    pub error: Option<String>,
    /// The endpoint's own words (`error_description` or the body's start).
    pub message: String,
    /// `Retry-After`, in milliseconds.
    pub retry_after_ms: Option<u64>,
}

impl Failure {
    /// Errors no retry can fix: the grant or client is refused, or the scope not allowed;
    /// or the agent did not sign in (refused, closed or never finished the sign-in window,
    /// or the browser blocked it), where a retry would only open the window again. The
    /// agent must sign in again (or the admin fix the client): after `wake`.
    fn permanent(&self) -> bool {
        matches!(
            self.error.as_deref(),
            Some(
                "invalid_grant"
                    | "invalid_client"
                    | "invalid_scope"
                    | "unauthorized_client"
                    | "access_denied"
                    | "popup_blocked"
                    | "sign_in_closed"
                    | "sign_in_timeout"
            )
        )
    }

    /// The cause in words, as the notification to the agent names it.
    pub fn describe(&self) -> String {
        let what = match (self.status, &self.error) {
            (_, Some(e)) => e.clone(),
            (0, None) => "no answer (network error or timeout)".into(),
            (s, None) => format!("HTTP {s}"),
        };
        if self.message.is_empty() {
            what
        } else {
            format!("{what}: {}", self.message)
        }
    }
}

/// What a lookup is to do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    /// Send the request with this token.
    Token(String),
    /// Refresh the token (this caller performs it), then call `refreshed`.
    Refresh,
    /// A refresh is in flight or a backoff runs: wait; `refreshed` or the deadline releases.
    Wait,
    /// The source is unavailable: fail with this cause, without a request.
    Unavailable(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    /// No token yet, or the last one was refused.
    Empty,
    Valid {
        token: String,
        refresh_at: u64,
        expires_at: u64,
    },
    /// A refresh is in flight; the token it replaces, while it has not expired, still
    /// serves lookups rather than making them wait.
    Refreshing { current: Option<(String, u64)> },
    /// A refresh failed; none before `until`.
    Backoff { until: u64 },
    /// Stopped: `until` the next single try (never, for a permanent error, until `wake`).
    Unavailable { until: Option<u64> },
}

/// Counters, for `stats()`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    pub refreshes: u64,
    pub failures: u64,
    pub rate_limited: u64,
}

#[derive(Debug, Clone)]
pub struct Tokens {
    config: Config,
    state: State,
    /// Consecutive failed refreshes.
    failures: u32,
    last_failure: Option<Failure>,
    /// Lookups waiting for the refresh or the backoff.
    waiting: usize,
    rng: u64,
    pub counters: Counters,
}

impl Tokens {
    /// A machine with no token; `seed` drives the jitter (any value; tests fix it).
    pub fn new(config: Config, seed: u64) -> Self {
        Tokens {
            config,
            state: State::Empty,
            failures: 0,
            last_failure: None,
            waiting: 0,
            rng: seed | 1,
            counters: Counters::default(),
        }
    }

    fn jitter(&mut self, max: u64) -> u64 {
        // xorshift64: plenty for spreading refreshes, and deterministic under test.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        if max == 0 { 0 } else { self.rng % (max + 1) }
    }

    /// What a lookup at `now` is to do.
    pub fn request(&mut self, now: u64) -> Use {
        match &self.state {
            State::Valid {
                token,
                refresh_at,
                expires_at,
            } => {
                if now < *refresh_at {
                    return Use::Token(token.clone());
                }
                // Due: this caller refreshes.
                let current = (now < *expires_at).then(|| (token.clone(), *expires_at));
                self.state = State::Refreshing { current };
                Use::Refresh
            }
            State::Empty => {
                self.state = State::Refreshing { current: None };
                Use::Refresh
            }
            State::Refreshing { current } => match current {
                Some((token, expires_at)) if now < *expires_at => Use::Token(token.clone()),
                _ => {
                    self.waiting += 1;
                    Use::Wait
                }
            },
            State::Backoff { until } => {
                if now >= *until {
                    self.state = State::Refreshing { current: None };
                    Use::Refresh
                } else {
                    self.waiting += 1;
                    Use::Wait
                }
            }
            State::Unavailable { until } => match until {
                Some(u) if now >= *u => {
                    self.state = State::Refreshing { current: None };
                    Use::Refresh
                }
                _ => Use::Unavailable(self.cause()),
            },
        }
    }

    /// The cause of the last failure, in words.
    pub fn cause(&self) -> String {
        self.last_failure
            .as_ref()
            .map_or_else(|| "the token could not be had".into(), Failure::describe)
    }

    /// The refresh this machine asked for ended. Returns how many waiting lookups to
    /// release: each calls `request` again (and gets the token, or the failure).
    pub fn refreshed(&mut self, now: u64, result: Result<Grant, Failure>) -> usize {
        let released = std::mem::take(&mut self.waiting);
        match result {
            Ok(grant) => {
                self.counters.refreshes += 1;
                self.failures = 0;
                self.last_failure = None;
                // A lifetime past the bound is the bound, and the clock saturates: an
                // `expires_in` near 2^64 wrapped `now + expires_in`, making every token due.
                let lifetime = grant.expires_in_ms.min(self.config.max_lifetime_ms);
                let expires_at = now.saturating_add(lifetime);
                let margin = self.config.refresh_margin_ms.min(lifetime / 2);
                let jitter = self.jitter(self.config.refresh_jitter_ms.min(lifetime / 4));
                self.state = State::Valid {
                    token: grant.token,
                    refresh_at: expires_at.saturating_sub(margin + jitter),
                    expires_at,
                };
            }
            Err(failure) => {
                self.counters.failures += 1;
                if failure.status == 429 {
                    self.counters.rate_limited += 1;
                }
                self.failures += 1;
                let permanent = failure.permanent();
                let retry_after = failure.retry_after_ms;
                self.last_failure = Some(failure);
                if permanent {
                    // Retrying cannot help: stop until the agent signs in again (`wake`).
                    self.state = State::Unavailable { until: None };
                } else if let Some(ms) = retry_after.filter(|ms| *ms > self.config.max_wait_ms) {
                    // No lookup waits that long (and past 2^31 - 1 ms a browser timer fires
                    // at once): the lookups fail now with the wait named, and the next
                    // lookup, a millisecond on or after `wake`, asks again.
                    if let Some(f) = self.last_failure.as_mut() {
                        f.message = format!(
                            "the CRM's token endpoint asks to wait {} s",
                            ms.div_ceil(1000)
                        );
                    }
                    self.state = State::Unavailable {
                        until: Some(now.saturating_add(1)),
                    };
                } else if self.failures >= self.config.max_failures {
                    self.state = State::Unavailable {
                        until: Some(now.saturating_add(self.config.unavailable_ms)),
                    };
                } else {
                    let exp = self.config.backoff_base_ms << (self.failures - 1).min(20);
                    let backoff = exp.min(self.config.backoff_cap_ms);
                    let backoff = backoff / 2 + self.jitter(backoff / 2);
                    // Retry-After is the server's word: never earlier than it says.
                    let wait = backoff.max(retry_after.unwrap_or(0));
                    self.state = State::Backoff {
                        until: now.saturating_add(wait),
                    };
                }
            }
        }
        released
    }

    /// A token another tab got (they share one refresh): used as this tab's own, without
    /// counting a refresh here. The failures and backoff end with it.
    pub fn adopt(&mut self, now: u64, grant: Grant) {
        let refreshes = self.counters.refreshes;
        self.refreshed(now, Ok(grant));
        self.counters.refreshes = refreshes;
    }

    /// A request with the current token was refused (401): the token is no longer good.
    /// Only the token in hand is dropped, so a storm of 401s for one old token causes one
    /// refresh.
    pub fn rejected(&mut self, token: &str) {
        if let State::Valid { token: t, .. } = &self.state
            && t == token
        {
            self.state = State::Empty;
        }
    }

    /// The page became visible or the network came back: a token due while asleep is
    /// refreshed now, a backoff ends, and an unavailable source gets one more try.
    pub fn wake(&mut self, now: u64) {
        match &self.state {
            State::Valid { refresh_at, .. } if now >= *refresh_at => self.state = State::Empty,
            State::Backoff { .. } | State::Unavailable { .. } => {
                self.failures = 0;
                self.state = State::Empty;
            }
            _ => {}
        }
    }

    /// When the caller should next call `request` for waiting lookups (the end of a
    /// backoff), if anything waits for the clock.
    pub fn counters(&self) -> Counters {
        self.counters
    }

    pub fn deadline(&self) -> Option<u64> {
        match self.state {
            State::Backoff { until } => Some(until),
            _ => None,
        }
    }

    /// Whether the source is marked unavailable.
    pub fn unavailable(&self) -> bool {
        matches!(self.state, State::Unavailable { .. })
    }
}

/// The CRM token of a build without the direct route (the plain runtime module, which
/// `framesmith build` gives only to host and proxy deployments): a type with no value, so
/// that every path of the session that would use a token is left out of the module.
#[cfg(not(feature = "direct"))]
#[derive(Debug)]
pub enum NoTokens {}

#[cfg(not(feature = "direct"))]
impl NoTokens {
    pub fn request(&mut self, _: u64) -> Use {
        match *self {}
    }
    pub fn refreshed(&mut self, _: u64, _: Result<Grant, Failure>) -> usize {
        match *self {}
    }
    pub fn adopt(&mut self, _: u64, _: Grant) {
        match *self {}
    }
    pub fn rejected(&mut self, _: &str) {
        match *self {}
    }
    pub fn wake(&mut self, _: u64) {
        match *self {}
    }
    pub fn deadline(&self) -> Option<u64> {
        match *self {}
    }
    pub fn counters(&self) -> Counters {
        match *self {}
    }
}

/// The session's token machine: `Tokens`, or nothing in a build without the direct route.
#[cfg(feature = "direct")]
pub type SessionTokens = Tokens;
#[cfg(not(feature = "direct"))]
pub type SessionTokens = NoTokens;

/// A new token machine for the session, None in a build without the direct route.
pub fn session_tokens(seed: u64) -> Option<SessionTokens> {
    #[cfg(feature = "direct")]
    return Some(Tokens::new(Config::default(), seed));
    #[cfg(not(feature = "direct"))]
    {
        let _ = seed;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(ms: u64) -> Result<Grant, Failure> {
        Ok(Grant {
            token: format!("tok-{ms}"),
            expires_in_ms: ms,
        })
    }

    fn failure(status: u16, error: Option<&str>, retry_after_ms: Option<u64>) -> Failure {
        Failure {
            status,
            error: error.map(str::to_string),
            message: "said the CRM".into(),
            retry_after_ms,
        }
    }

    #[test]
    fn a_retry_after_past_the_cap_fails_the_lookups_now_and_the_next_call_tries_again() {
        let mut t = Tokens::new(Config::default(), 5);
        assert_eq!(t.request(0), Use::Refresh);
        assert_eq!(t.request(0), Use::Wait);
        // 34 days, and a delay past 2^31 - 1 ms (which setTimeout fires at once).
        for (wait, words) in [(34 * 86_400_000, "2937600 s"), (u64::MAX / 2, " s")] {
            let released = t.refreshed(10, Err(failure(429, None, Some(wait))));
            // Nothing waits for a clock that far: the lookups released fail now, naming it.
            assert_eq!(t.deadline(), None);
            for _ in 0..released {
                match t.request(10) {
                    Use::Unavailable(cause) => {
                        assert!(
                            cause.contains("asks to wait") && cause.contains(words),
                            "{cause}"
                        )
                    }
                    other => panic!("{other:?}"),
                }
            }
            // The next call tries again.
            assert_eq!(t.request(11), Use::Refresh);
            assert_eq!(t.request(11), Use::Wait);
        }
    }

    #[test]
    fn a_lifetime_past_any_sane_bound_is_that_bound_and_never_wraps_the_clock() {
        let config = Config::default();
        let mut t = Tokens::new(config, 9);
        assert_eq!(t.request(1_000), Use::Refresh);
        t.refreshed(1_000, grant(18_446_743_500_000_000));
        // Not due at once (a wrapped `now + expires_in` made every token due).
        assert!(matches!(t.request(2_000), Use::Token(_)));
        assert!(matches!(
            t.request(1_000 + config.max_lifetime_ms / 2),
            Use::Token(_)
        ));
        // Due, as a token of the bound's lifetime would be.
        assert_eq!(t.request(1_000 + config.max_lifetime_ms), Use::Refresh);
        // At the end of the clock, saturating rather than wrapping (a panic in a debug build).
        let mut t = Tokens::new(config, 9);
        t.request(u64::MAX - 10);
        t.refreshed(u64::MAX - 10, grant(u64::MAX));
        assert_eq!(t.request(u64::MAX), Use::Refresh);
    }

    #[test]
    fn ten_thousand_lookups_on_an_expired_token_cause_one_refresh() {
        let mut t = Tokens::new(Config::default(), 7);
        assert_eq!(t.request(0), Use::Refresh);
        t.refreshed(0, grant(3_600_000));
        // The token expires; 10,000 lookups arrive at once.
        let now = 3_600_001;
        let uses: Vec<Use> = (0..10_000).map(|_| t.request(now)).collect();
        assert_eq!(uses.iter().filter(|u| **u == Use::Refresh).count(), 1);
        assert_eq!(uses.iter().filter(|u| **u == Use::Wait).count(), 9_999);
        let released = t.refreshed(now + 50, grant(3_600_000));
        assert_eq!(released, 9_999);
        for _ in 0..released {
            assert!(matches!(t.request(now + 50), Use::Token(_)));
        }
        assert_eq!(t.counters.refreshes, 2);
    }

    #[test]
    fn refreshes_ahead_of_expiry_with_jitter() {
        let config = Config::default();
        let mut at = Vec::new();
        for seed in 1..50 {
            let mut t = Tokens::new(config, seed);
            t.request(0);
            t.refreshed(0, grant(3_600_000));
            // The first time `request` asks for a refresh, in 1-second steps.
            let due = (0..3_600_000)
                .step_by(1000)
                .find(|&now| t.clone().request(now) == Use::Refresh)
                .unwrap();
            assert!(due <= 3_600_000 - config.refresh_margin_ms, "{due}");
            assert!(due >= 3_600_000 - config.refresh_margin_ms - config.refresh_jitter_ms - 1000);
            at.push(due);
        }
        at.sort();
        at.dedup();
        assert!(at.len() > 10, "jitter spreads refreshes: {at:?}");
    }

    #[test]
    fn a_429_storm_honours_retry_after_and_loses_no_lookup() {
        let mut t = Tokens::new(Config::default(), 3);
        let mut now = 0;
        let mut refreshes_at = Vec::new();
        let mut served = 0;
        let mut waiting = 100usize;
        assert_eq!(t.request(now), Use::Refresh);
        for round in 0..4 {
            refreshes_at.push(now);
            let retry = 5_000;
            let released = t.refreshed(now, Err(failure(429, None, Some(retry))));
            assert!(released <= waiting);
            // Every waiting lookup asks again and waits out the backoff.
            for _ in 0..waiting {
                assert_eq!(t.request(now + 1), Use::Wait, "round {round}");
            }
            let until = t.deadline().expect("a backoff runs");
            assert!(until >= now + retry, "Retry-After honoured");
            now = until;
            assert_eq!(t.request(now), Use::Refresh);
        }
        let released = t.refreshed(now, grant(3_600_000));
        waiting = released;
        for _ in 0..waiting {
            if let Use::Token(_) = t.request(now) {
                served += 1;
            }
        }
        assert_eq!(served, 100, "no lookup lost within the retry budget");
        assert_eq!(t.counters.rate_limited, 4);
        assert!(refreshes_at.windows(2).all(|w| w[1] - w[0] >= 5_000));
    }

    #[test]
    fn invalid_grant_stops_refreshing_and_says_why() {
        let mut t = Tokens::new(Config::default(), 5);
        assert_eq!(t.request(0), Use::Refresh);
        t.refreshed(10, Err(failure(400, Some("invalid_grant"), None)));
        assert!(t.unavailable());
        for now in [20, 60_000, 10_000_000] {
            match t.request(now) {
                Use::Unavailable(cause) => {
                    assert!(
                        cause.contains("invalid_grant") && cause.contains("said the CRM"),
                        "{cause}"
                    )
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(t.counters.refreshes + t.counters.failures, 1, "tried once");
        // Signing in again (a wake after it) gets one more try.
        t.wake(10_000_001);
        assert_eq!(t.request(10_000_001), Use::Refresh);
    }

    #[test]
    fn repeated_failures_mark_the_source_unavailable_then_retry_later() {
        let config = Config::default();
        let mut t = Tokens::new(config, 9);
        let mut now = 0;
        for _ in 0..config.max_failures {
            assert_eq!(t.request(now), Use::Refresh);
            t.refreshed(now, Err(failure(503, None, None)));
            now = t.deadline().unwrap_or(now);
        }
        assert!(t.unavailable());
        assert!(matches!(t.request(now), Use::Unavailable(c) if c.contains("HTTP 503")));
        assert_eq!(t.request(now + config.unavailable_ms), Use::Refresh);
    }

    #[test]
    fn a_wake_refreshes_a_token_that_fell_due_while_asleep() {
        let mut t = Tokens::new(Config::default(), 11);
        t.request(0);
        t.refreshed(0, grant(600_000));
        t.wake(100);
        assert!(
            matches!(t.request(100), Use::Token(_)),
            "not due: nothing changes"
        );
        t.wake(590_000);
        assert_eq!(t.request(590_000), Use::Refresh);
    }

    #[test]
    fn a_401_storm_for_one_token_causes_one_refresh() {
        let mut t = Tokens::new(Config::default(), 13);
        t.request(0);
        t.refreshed(0, grant(3_600_000));
        let Use::Token(old) = t.request(1) else {
            panic!()
        };
        t.rejected(&old);
        assert_eq!(t.request(2), Use::Refresh);
        t.rejected(&old);
        t.rejected(&old);
        assert_eq!(t.request(3), Use::Wait);
        t.refreshed(
            4,
            Ok(Grant {
                token: "new".into(),
                expires_in_ms: 3_600_000,
            }),
        );
        // Late 401s for the old token do not drop the new one.
        t.rejected(&old);
        assert!(matches!(t.request(5), Use::Token(n) if n != old));
    }
}
