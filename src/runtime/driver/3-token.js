  // The CRM token (direct route): one refresh at a time across tabs, shared with tabs
  // that open later, and the token endpoint's answers.
  // The CRM token (direct route). The module decides when a refresh is due and holds the
  // lookups that wait; this code gets the token: the refresh-token grant when it has a
  // refresh token, else the agent's sign-in (Authorization Code + PKCE in a popup, a public
  // client: no secret). One tab of the agent's refreshes; it shares the outcome with the
  // others over the channel (the same origin and storage partition: the softphone's).
  var auth = { refreshToken: null, busy: false, epoch: 0, tick: null, grant: null };
  // How long a tab waits for another's refresh before it tries itself.
  var TOKEN_WAIT_MS = 20000;
  var SIGN_IN_MS = 300000;

  // Each outcome, here or in another tab, starts the next epoch: the next refresh is
  // claimed afresh by every tab.
  function tokenDone(epoch, outcome) {
    auth.busy = false;
    auth.epoch = Math.max(auth.epoch, epoch + 1);
    if (outcome.token) {
      auth.grant = { token: outcome.token, expiresAt: Date.now() + outcome.expiresInMs, epoch: epoch };
    }
    runtimeStep(OP.token, outcome);
  }

  // A tab that opens later is given the token in hand, rather than signing in again.
  function shareGrant() {
    var g = auth.grant;
    if (channel && g && g.expiresAt > Date.now()) {
      channel.postMessage({ kind: "token", tab: tabId, epoch: g.epoch, token: g.token,
        expiresAt: g.expiresAt, refreshToken: auth.refreshToken });
    }
  }

  function refreshCrmToken() {
    if (auth.busy || !runtime.signIn) {
      return;
    }
    auth.busy = true;
    var epoch = auth.epoch;
    claimThen("token:" + epoch, function () {
      obtainToken().then(function (grant) {
        if (grant.refreshToken) {
          auth.refreshToken = grant.refreshToken;
        }
        var expiresAt = Date.now() + grant.expiresInMs;
        if (channel) {
          channel.postMessage({ kind: "token", tab: tabId, epoch: epoch, token: grant.token,
            expiresAt: expiresAt, refreshToken: auth.refreshToken });
        }
        tokenDone(epoch, { token: grant.token, expiresInMs: grant.expiresInMs });
      }, function (failure) {
        if (failure.error === "invalid_grant") {
          auth.refreshToken = null;
        }
        if (channel) {
          channel.postMessage({ kind: "tokenFailed", tab: tabId, epoch: epoch, failure: failure });
        }
        tokenDone(epoch, failure);
      });
    }, function () {
      // Another tab refreshes: its token comes over the channel; if it never does, try here.
      setTimeout(function () {
        if (auth.busy && auth.epoch === epoch) {
          auth.busy = false;
          decided["token:" + epoch] = true;
          refreshCrmToken();
        }
      }, TOKEN_WAIT_MS);
    });
  }

  // Another tab's token or failure.
  function sharedToken(m) {
    // While the module loads the route is not known yet: keep the token for it.
    var other = runtime.route !== null && !runtime.direct;
    if (other || typeof m.epoch !== "number" || m.epoch + 1 < auth.epoch) {
      return;
    }
    if (m.kind === "token" && typeof m.token === "string" && typeof m.expiresAt === "number") {
      if (typeof m.refreshToken === "string") {
        auth.refreshToken = m.refreshToken;
      }
      tokenDone(m.epoch, { token: m.token, expiresInMs: Math.max(0, m.expiresAt - Date.now()), shared: true });
    } else if (m.kind === "tokenFailed" && m.failure && typeof m.failure === "object" && auth.busy) {
      tokenDone(m.epoch, {
        status: Number(m.failure.status) || 0,
        error: typeof m.failure.error === "string" ? m.failure.error : undefined,
        message: String(m.failure.message || ""),
        retryAfterMs: typeof m.failure.retryAfterMs === "number" ? m.failure.retryAfterMs : undefined
      });
    }
  }

  function obtainToken() {
    var s = runtime.signIn;
    if (auth.refreshToken) {
      return tokenRequest({ grant_type: "refresh_token", refresh_token: auth.refreshToken, client_id: s.clientId });
    }
    return signIn(s).then(function (answer) {
      return tokenRequest({ grant_type: "authorization_code", code: answer.code, redirect_uri: s.redirectUri,
        client_id: s.clientId, code_verifier: answer.verifier });
    });
  }

  // The token endpoint's answer as a grant, or a failure in its own words.
  function tokenRequest(params) {
    var body = Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
    return fetch(runtime.signIn.token, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: body,
      mode: "cors",
      credentials: "omit",
      redirect: "error"
    }).then(function (response) {
      return readCapped(response, 65536).then(function (bytes) {
        var text = decoder.decode(bytes);
        var json = null;
        try {
          json = JSON.parse(text);
        } catch (e) {
          json = null;
        }
        if (response.ok && json && typeof json.access_token === "string" && json.access_token) {
          return {
            token: json.access_token,
            expiresInMs: typeof json.expires_in === "number" && json.expires_in > 0 ? json.expires_in * 1000 : 3600000,
            refreshToken: typeof json.refresh_token === "string" ? json.refresh_token : null
          };
        }
        throw {
          status: response.status,
          error: json && typeof json.error === "string" ? json.error : undefined,
          message: json && typeof json.error_description === "string" ? json.error_description : text.slice(0, 200),
          retryAfterMs: retryAfterMs(response.headers.get("Retry-After"))
        };
      });
    }, function (e) {
      throw { status: 0, message: "the CRM's token endpoint could not be reached (" + reason(e) +
        "); it must answer CORS requests from " + location.origin };
    });
  }

  function base64url(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function randomText(n) {
    var bytes = new Uint8Array(n);
    crypto.getRandomValues(bytes);
    return base64url(bytes);
  }
