//! The direct route's side of a session (issue 17): the CRM sign-in it needs, the token
//! machine's clock and seed, and the requests that wait for a token, released when the
//! refresh or sign-in framework.js ran ends, when the page wakes, or when a backoff is over.
//! In the plain runtime module `SessionTokens` has no value, so this is all left out.

use super::*;

impl Session<'_> {
    /// What the direct route's sign-in needs; None for the other routes.
    pub fn sign_in(&self) -> Option<&SignIn> {
        self.sign_in.as_ref()
    }

    /// The origin the direct route's CRM token is for; None for the other routes.
    pub fn token_origin(&self) -> Option<&str> {
        self.sign_in.as_ref().map(|_| self.token_origin.as_str())
    }

    /// The direct route's sign-in, from the instance's properties and `redirect_uri`.
    pub(super) fn sign_in_of(
        instance: Option<&Integration>,
        integration_type: Option<&IntegrationType>,
        redirect_uri: Option<&str>,
    ) -> Result<SignIn, SetupError> {
        let property = |key: &'static str| {
            instance
                .and_then(|i| i.properties.get(key))
                .and_then(Value::as_str)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .ok_or(SetupError::NoSignIn(key))
        };
        Ok(SignIn {
            authorize: property("authorizationEndpoint")?,
            token: property("tokenEndpoint")?,
            client_id: property("clientId")?,
            redirect_uri: redirect_uri
                .ok_or(SetupError::NoSignIn("screen_pop.redirect_uri"))?
                .to_string(),
            scope: integration_type
                .map(|t| t.required_scopes.join(" "))
                .unwrap_or_default(),
        })
    }

    /// Seeds the jitter of token refreshes: framework.js gives a random value, so that tabs
    /// and agents do not refresh in step.
    pub fn seed(&mut self, seed: u64) {
        if self.tokens.is_some() {
            self.tokens = tokens::session_tokens(seed);
        }
    }

    /// The time now, in milliseconds (framework.js's clock), for the token machine.
    pub fn set_now(&mut self, now: u64) {
        self.now = now;
    }

    /// The token machine's counters (direct route).
    pub fn token_counters(&self) -> tokens::Counters {
        self.tokens
            .as_ref()
            .map(SessionTokens::counters)
            .unwrap_or_default()
    }

    /// The outcome of the refresh or sign-in an `Action::Refresh` asked for, or a token
    /// another tab got (`shared`): the waiting requests go (or fail, when the sign-in is
    /// unavailable, naming why). The second value is when to call `tick`: the end of a
    /// backoff some requests still wait for.
    pub fn token(
        &mut self,
        result: Result<Grant, tokens::Failure>,
        shared: bool,
    ) -> (Vec<Action>, Option<u64>) {
        let now = self.now;
        let Some(t) = self.tokens.as_mut() else {
            return (Vec::new(), None);
        };
        match result {
            Ok(grant) if shared => t.adopt(now, grant),
            result => {
                t.refreshed(now, result);
            }
        }
        self.release()
    }

    /// The page became visible or the network came back: a token due while asleep is
    /// refreshed, a stopped sign-in gets one more try.
    pub fn wake(&mut self) -> (Vec<Action>, Option<u64>) {
        let now = self.now;
        let Some(t) = self.tokens.as_mut() else {
            return (Vec::new(), None);
        };
        t.wake(now);
        self.release()
    }

    /// The backoff `token` or `wake` named has ended: the waiting requests try again.
    pub fn tick(&mut self) -> (Vec<Action>, Option<u64>) {
        self.release()
    }

    /// Every waiting request asks the token machine again.
    pub(super) fn release(&mut self) -> (Vec<Action>, Option<u64>) {
        let waiting = std::mem::take(&mut self.waiting);
        let actions = waiting
            .into_iter()
            .filter_map(|p| self.fetch(p, 0))
            .collect();
        let deadline = self.tokens.as_ref().and_then(SessionTokens::deadline);
        (actions, deadline.filter(|_| !self.waiting.is_empty()))
    }
}
