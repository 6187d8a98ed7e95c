  // Signing in to the CRM (PKCE in a popup), and refreshing on wake.
  // The agent signs in to the CRM in a popup; the page at redirectUri (at the CRM origin)
  // calls framesmith-host.js's completeSignIn(), which posts the code back to this window.
  function signIn(s) {
    var verifier = randomText(32);
    var state = randomText(16);
    return crypto.subtle.digest("SHA-256", encoder.encode(verifier)).then(function (hash) {
      var url = new URL(s.authorize);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", s.clientId);
      url.searchParams.set("redirect_uri", s.redirectUri);
      url.searchParams.set("code_challenge", base64url(new Uint8Array(hash)));
      url.searchParams.set("code_challenge_method", "S256");
      url.searchParams.set("state", state);
      if (s.scope) {
        url.searchParams.set("scope", s.scope);
      }
      var popup = window.open(url.toString(), "framesmith-signin", "popup,width=480,height=640");
      if (!popup) {
        throw { status: 0, error: "popup_blocked", message: "the browser blocked the CRM sign-in window; allow pop-ups for " + location.origin };
      }
      var origin = new URL(s.redirectUri).origin;
      return new Promise(function (resolve, reject) {
        var closedOnce = false;
        function end() {
          window.removeEventListener("message", onSignIn);
          clearInterval(watch);
          clearTimeout(timer);
        }
        function onSignIn(event) {
          if (event.origin !== origin || event.source !== popup || typeof event.data !== "string") {
            return;
          }
          var m;
          try {
            m = JSON.parse(event.data);
          } catch (e) {
            return;
          }
          if (!m || m.type !== "framesmith.signIn" || !m.data || m.data.state !== state) {
            return;
          }
          end();
          try {
            popup.close();
          } catch (e) {
            // Already closed.
          }
          if (typeof m.data.code === "string" && m.data.code) {
            resolve({ code: m.data.code, verifier: verifier });
          } else {
            reject({ status: 0, error: String(m.data.error || "access_denied"),
              message: String(m.data.errorDescription || "the CRM did not sign the agent in") });
          }
        }
        window.addEventListener("message", onSignIn);
        // Closed without an answer: the agent closed it (once more round, for a message
        // posted just before it closed).
        var watch = setInterval(function () {
          if (popup.closed && closedOnce) {
            end();
            reject({ status: 0, error: "sign_in_closed", message: "the CRM sign-in window was closed before the agent signed in" });
          }
          closedOnce = popup.closed;
        }, 500);
        var timer = setTimeout(function () {
          end();
          try {
            popup.close();
          } catch (e) {
            // Already closed.
          }
          reject({ status: 0, error: "sign_in_timeout", message: "the CRM sign-in did not finish within " + SIGN_IN_MS / 60000 + " minutes" });
        }, SIGN_IN_MS);
      });
    });
  }

  // A token due while the page slept is refreshed when it wakes or the network returns.
  function wake() {
    if (runtime.direct && (document.visibilityState === "visible")) {
      runtimeStep(OP.wake, {});
    }
  }
  if (typeof document === "object" && typeof window.addEventListener === "function") {
    document.addEventListener("visibilitychange", wake);
    window.addEventListener("online", wake);
  }
