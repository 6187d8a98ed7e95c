  // The screen-pop runtime's driver (src/render/runtime.js): framework.js carries the
  // runtime module, compressed (deflate-raw, base64), because Genesys lets framework.js
  // load no script. The module decides which calls pop, looks the caller up and picks the
  // record; this code moves its requests and answers. Where WebAssembly is missing or
  // refused (a Content-Security-Policy without 'wasm-unsafe-eval'), it says so once and
  // the events are only forwarded. It runs inside framework.js's function, after
  // RUNTIME_CONFIG, RUNTIME_NAME, RUNTIME_VERSION, CRM_ORIGIN and post().
  var RUNTIME_WASM = "__RUNTIME_WASM__";
  // Events that arrive while the module loads wait here, at most this many.
  var MAX_QUEUED = 256;
  var OP = { configure: 1, event: 2, response: 3, failed: 4, stats: 5, contacts: 9, callLog: 10,
    token: 11, wake: 12, tick: 13 };
  var runtime = { state: "loading", exports: null, route: null, signIn: null, queue: [] };
  var counters = { refreshes: 0, rateLimited: 0, fetchFailures: 0, queued: 0 };
  var fetches = {};
  // Made when the module loads: a browser without them only forwards.
  var encoder = null;
  var decoder = null;

  function runtimeOff(why) {
    if (runtime.state === "off") {
      return;
    }
    runtime.state = "off";
    runtime.queue = [];
    if (typeof console === "object" && typeof console.warn === "function") {
      console.warn("framesmith: screen pop is off in this browser (" + why +
        "); call events are still forwarded to the CRM page.");
    }
  }

  function reason(e) {
    return e && e.message ? e.message : String(e);
  }

  function bytesIn(exports, bytes) {
    var at = exports.fs_alloc(bytes.length);
    new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
    return at;
  }

  // One operation of the module: JSON text in, JSON text out; an error answer throws.
  function runtimeCall(op, request, body) {
    var ex = runtime.exports;
    // The module keeps no clock: the token machine's time is this one.
    request.now = Date.now();
    var req = encoder.encode(JSON.stringify(request));
    var reqAt = bytesIn(ex, req);
    var bodyAt = body ? bytesIn(ex, body) : 0;
    var len = ex.fs_call(op, reqAt, req.length, bodyAt, body ? body.length : 0);
    var answer = JSON.parse(decoder.decode(new Uint8Array(ex.memory.buffer, ex.fs_answer_ptr(), len)));
    if (answer.error) {
      var error = new Error(answer.error.message);
      error.code = answer.error.code;
      throw error;
    }
    return answer.ok;
  }

  // Runs an operation and what it leads to; a broken module turns the runtime off rather
  // than throwing into the Genesys client.
  function runtimeStep(op, request, body) {
    if (runtime.state !== "ready") {
      return;
    }
    var result;
    try {
      result = runtimeCall(op, request, body);
    } catch (e) {
      runtimeOff(reason(e));
      return;
    }
    if (result && result.action) {
      act(result.action);
    }
    if (result && result.actions) {
      for (var i = 0; i < result.actions.length; i++) {
        act(result.actions[i]);
      }
      clearTimeout(auth.tick);
      if (typeof result.retryAt === "number") {
        auth.tick = setTimeout(function () {
          runtimeStep(OP.tick, {});
        }, Math.max(0, result.retryAt - Date.now()));
      }
    }
  }

  // Marks for the browser's performance timeline (and `make bench-browser`):
  // framesmith:load when loading starts, framesmith:ready when lookups can run.
  function mark(name) {
    if (typeof performance === "object" && typeof performance.mark === "function") {
      performance.mark(name);
    }
  }

  function loadRuntime() {
    mark("framesmith:load");
    try {
      if (typeof WebAssembly !== "object") {
        throw new Error("WebAssembly is not available");
      }
      if (typeof DecompressionStream !== "function" || typeof TextEncoder !== "function") {
        throw new Error("DecompressionStream is not available");
      }
      encoder = new TextEncoder();
      decoder = new TextDecoder();
      var packed;
      if (typeof Uint8Array.fromBase64 === "function") {
        packed = Uint8Array.fromBase64(RUNTIME_WASM);
      } else {
        var raw = atob(RUNTIME_WASM);
        packed = new Uint8Array(raw.length);
        for (var i = 0; i < raw.length; i++) {
          packed[i] = raw.charCodeAt(i);
        }
      }
      var imports = {
        env: {
          parse_float: function (at, len) {
            return parseFloat(decoder.decode(new Uint8Array(runtime.exports.memory.buffer, at, len)));
          },
          // At most 32 bytes at `at`: String(x) of a finite double is at most 25.
          format_float: function (x, at) {
            return encoder.encodeInto(String(x), new Uint8Array(runtime.exports.memory.buffer, at, 32)).written;
          }
        }
      };
      // One write of the whole buffer (a Blob's stream feeds it in pieces, twice as slow),
      // and compiling while the bytes are inflated (BENCHMARKS.md, "cold start").
      var inflate = new DecompressionStream("deflate-raw");
      var writer = inflate.writable.getWriter();
      // A broken module fails the reading below; these promises fail alike, unheard.
      writer.write(packed).catch(function () {});
      writer.close().catch(function () {});
      var stream = inflate.readable;
      var made = typeof WebAssembly.instantiateStreaming === "function"
        ? WebAssembly.instantiateStreaming(new Response(stream, { headers: { "Content-Type": "application/wasm" } }), imports)
        : new Response(stream).arrayBuffer().then(function (wasm) {
          return WebAssembly.instantiate(wasm, imports);
        });
      made.then(function (made) {
        runtime.exports = made.instance.exports;
        // The jitter of token refreshes differs per tab, so tabs do not refresh in step.
        RUNTIME_CONFIG.seed = Math.floor(Math.random() * 4294967296);
        var configured = runtimeCall(OP.configure, RUNTIME_CONFIG);
        runtime.route = configured.route;
        runtime.signIn = configured.signIn;
        runtime.state = "ready";
        mark("framesmith:ready");
        if (auth.grant && runtime.route === "direct") {
          // Another tab's token, shared while this module loaded.
          runtimeStep(OP.token, { token: auth.grant.token, expiresInMs: Math.max(0, auth.grant.expiresAt - Date.now()), shared: true });
        }
        var queued = runtime.queue;
        runtime.queue = [];
        for (var j = 0; j < queued.length; j++) {
          runtimeStep(OP.event, queued[j]);
        }
      }).catch(function (e) {
        runtimeOff(reason(e));
      });
    } catch (e) {
      runtimeOff(reason(e));
    }
  }

  function runtimeEvent(request) {
    if (runtime.state === "loading") {
      if (runtime.queue.length < MAX_QUEUED) {
        runtime.queue.push(request);
        counters.queued++;
      }
    } else {
      runtimeStep(OP.event, request);
    }
  }

  // The body as bytes, at most maxBytes + 1 of them: enough to tell one over the limit.
  function readCapped(response, maxBytes) {
    var reader = response.body.getReader();
    var chunks = [];
    var size = 0;
    function next() {
      return reader.read().then(function (part) {
        if (part.done || size > maxBytes) {
          if (!part.done) {
            reader.cancel();
          }
          var out = new Uint8Array(size);
          var at = 0;
          for (var k = 0; k < chunks.length; k++) {
            out.set(chunks[k], at);
            at += chunks[k].length;
          }
          return out;
        }
        chunks.push(part.value);
        size += part.value.length;
        return next();
      });
    }
    return next();
  }

  function finishFetch(id) {
    var f = fetches[id];
    if (!f) {
      return null;
    }
    delete fetches[id];
    clearTimeout(f.timer);
    if (f.controller) {
      f.controller.abort();
    }
    return f;
  }

  function fetchFailed(id, cause) {
    if (finishFetch(id)) {
      counters.fetchFailures++;
      runtimeStep(OP.failed, { fetch: id, cause: cause });
    }
  }

  // Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent.
  function retryAfterMs(value) {
    if (typeof value !== "string" || !value.trim()) {
      return undefined;
    }
    if (/^\d+$/.test(value.trim())) {
      return Number(value.trim()) * 1000;
    }
    var at = Date.parse(value);
    return isNaN(at) ? undefined : Math.max(0, Math.round(at - Date.now()));
  }

  function fetchAnswered(id, status, body, retryAfter) {
    var f = finishFetch(id);
    if (!f) {
      return;
    }
    if (status === 429) {
      counters.rateLimited++;
    }
    if (body.length > f.maxBytes) {
      counters.fetchFailures++;
      runtimeStep(OP.failed, { fetch: id, cause: "the response is over the limit of " + f.maxBytes + " bytes (maxResponseBytes)" });
      return;
    }
    runtimeStep(OP.response, { fetch: id, status: status, retryAfterMs: retryAfterMs(retryAfter) }, body);
  }

  function genesysToken() {
    return new Promise(function (resolve, reject) {
      window.PureCloud.User.getAuthToken(function (token) {
        if (token) {
          resolve(token);
        } else {
          reject(new Error("the Genesys client gave no token"));
        }
      });
    });
  }

  // The proxy route: the data action runs on Genesys' servers with the agent's token; a
  // 401 takes a fresh token and tries once more.
  function proxyFetch(a, controller) {
    function attempt(retry) {
      return genesysToken().then(function (token) {
        return sendRequest(a, controller, token);
      }).then(function (response) {
        if (response.status === 401 && retry) {
          counters.refreshes++;
          return attempt(false);
        }
        return answered(a, response);
      });
    }
    attempt(true).catch(function (e) {
      fetchFailed(a.fetch, "the data action could not be reached: " + reason(e));
    });
  }

  // The direct route: framework.js fetches the CRM itself, with CORS, and the CRM token the
  // module put in the request (only for the origin the token is for).
  function directFetch(a, controller) {
    sendRequest(a, controller).then(function (response) {
      return answered(a, response);
    }).catch(function (e) {
      fetchFailed(a.fetch, "the CRM could not be reached from the softphone (" + reason(e) +
        "); it must answer CORS requests from " + location.origin);
    });
  }

  // The module's request `a`, sent from the softphone (proxy and direct routes), with
  // `token` as its bearer when one is given; never a cookie, never followed elsewhere.
  function sendRequest(a, controller, token) {
    var headers = token ? { Authorization: "Bearer " + token } : {};
    for (var k = 0; k < a.request.headers.length; k++) {
      headers[a.request.headers[k][0]] = a.request.headers[k][1];
    }
    return fetch(a.request.url, {
      method: a.request.method,
      headers: headers,
      body: a.request.body,
      signal: controller.signal,
      mode: "cors",
      credentials: "omit",
      redirect: "error"
    });
  }

  function answered(a, response) {
    return readCapped(response, a.maxBytes).then(function (body) {
      fetchAnswered(a.fetch, response.status, body, response.headers.get("Retry-After"));
    });
  }

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
    var other = runtime.route !== null && runtime.route !== "direct";
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
    if (runtime.route === "direct" && (document.visibilityState === "visible")) {
      runtimeStep(OP.wake, {});
    }
  }
  if (typeof document === "object" && typeof window.addEventListener === "function") {
    document.addEventListener("visibilitychange", wake);
    window.addEventListener("online", wake);
  }

  function sendFetch(a) {
    if (a.afterMs > 0) {
      // A retry after a 429 or 503: the module said how long to wait.
      setTimeout(function () {
        a.afterMs = 0;
        sendFetch(a);
      }, a.afterMs);
      return;
    }
    var entry = { maxBytes: a.maxBytes, controller: null, timer: null };
    fetches[a.fetch] = entry;
    entry.timer = setTimeout(function () {
      fetchFailed(a.fetch, "no answer within " + a.timeoutMs / 1000 + " s (timeoutSeconds)");
    }, a.timeoutMs);
    if (runtime.route === "host") {
      post("framesmith.fetch", { fetch: a.fetch, request: a.request, maxBytes: a.maxBytes });
    } else {
      entry.controller = new AbortController();
      (runtime.route === "proxy" ? proxyFetch : directFetch)(a, entry.controller);
    }
  }

  function act(a) {
    if (a.do === "refresh") {
      refreshCrmToken();
    } else if (a.do === "fetch" && a.pops) {
      claimThen(a.interactionId, function () { sendFetch(a); });
    } else if (a.do === "fetch") {
      sendFetch(a);
    } else if (a.do === "pop") {
      claimThen(a.interactionId, function () { pop(a); });
    } else if (a.do === "contacts" || a.do === "callLogged") {
      var side = sideCalls[a.request];
      delete sideCalls[a.request];
      if (!side) {
        return;
      }
      if (a.cause !== undefined) {
        side.onFailure({ reason: a.cause });
      } else if (a.do === "contacts") {
        side.onSuccess(a.contacts);
      } else {
        side.onSuccess({ id: a.id });
      }
    }
  }

  // contactSearch and processCallLog through the screen_pop's contact_search and call_log
  // data sources, when it names them and the module is ready; false to forward them to the
  // CRM page as before.
  var sideCalls = {};
  var nextSide = 1;

  function runtimeSide(op, source, request, onSuccess, onFailure) {
    var sp = RUNTIME_CONFIG.workspace.deployment[0].screen_pop;
    if (runtime.state !== "ready" || !sp[source]) {
      return false;
    }
    var id = nextSide++;
    sideCalls[id] = { onSuccess: onSuccess, onFailure: onFailure };
    request.request = id;
    runtimeStep(op, request);
    return true;
  }

  function pop(a) {
    var p = {
      interactionId: a.interactionId,
      kind: a.kind,
      url: a.url,
      searchValue: a.searchValue,
      records: a.records
    };
    if (a.cause !== undefined) {
      p.cause = a.cause;
    }
    post("framesmith.pop", p);
    if (a.kind === "single" && a.association) {
      window.PureCloud.addAssociation({
        type: "contact",
        id: a.association.id,
        text: a.association.text,
        interactionId: a.interactionId
      });
    } else if (a.kind === "failed") {
      window.PureCloud.User.Notification.notifyUser({
        message: "Screen pop could not look the caller up: " + a.cause,
        type: "error"
      });
    }
  }

  // One tab pops each call. The softphone runs as a cross-site iframe, where Web Locks are
  // refused and storage is partitioned by the CRM's site; a BroadcastChannel still joins
  // the softphones of every tab of that CRM. A tab that knows of others claims the call,
  // waits CLAIM_MS for other claims and goes on only if its claim is best: a visible tab
  // before a hidden one, then the lowest tab id. A call claimed elsewhere is left alone.
  var CLAIM_MS = 150;
  var tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var peers = {};
  var claims = Object.create(null);
  var decided = Object.create(null);
  // Calls this tab has seen claimed or decided, oldest first: at most MAX_REMEMBERED, so a
  // shift's calls do not accumulate (the module itself never pops a call twice).
  var MAX_REMEMBERED = 512;
  var remembered = Object.create(null);
  var rememberedOrder = [];

  function remember(id) {
    if (remembered[id]) {
      return;
    }
    remembered[id] = true;
    rememberedOrder.push(id);
    if (rememberedOrder.length > MAX_REMEMBERED) {
      var old = rememberedOrder.shift();
      delete remembered[old];
      delete decided[old];
      delete claims[old];
    }
  }
  var channel = null;
  try {
    channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("framesmith:" + RUNTIME_NAME) : null;
  } catch (e) {
    channel = null;
  }

  function rank() {
    var visible = typeof document === "object" && document.visibilityState === "visible";
    return (visible ? "0:" : "1:") + tabId;
  }

  function hasPeers() {
    for (var key in peers) {
      return true;
    }
    return false;
  }

  if (channel) {
    channel.onmessage = function (event) {
      var m = event.data;
      if (!m || typeof m !== "object" || typeof m.tab !== "string" || m.tab === tabId) {
        return;
      }
      if (m.kind === "hello") {
        peers[m.tab] = true;
        if (!m.reply) {
          channel.postMessage({ kind: "hello", tab: tabId, reply: true });
          shareGrant();
        }
      } else if (m.kind === "bye") {
        delete peers[m.tab];
      } else if (m.kind === "token" || m.kind === "tokenFailed") {
        peers[m.tab] = true;
        sharedToken(m);
      } else if (m.kind === "claim" && typeof m.id === "string" && typeof m.rank === "string") {
        peers[m.tab] = true;
        remember(m.id);
        if (claims[m.id] === undefined || m.rank < claims[m.id]) {
          claims[m.id] = m.rank;
        }
      }
    };
    channel.postMessage({ kind: "hello", tab: tabId });
    window.addEventListener("pagehide", function () {
      channel.postMessage({ kind: "bye", tab: tabId });
    });
  }

  function decide(id, value) {
    remember(id);
    decided[id] = value;
  }

  // `lost` (optional) runs when another tab won the claim.
  function claimThen(id, go, lost) {
    if (decided[id] === true || !channel || !hasPeers()) {
      decide(id, true);
      go();
      return;
    }
    if (decided[id] === false) {
      return;
    }
    var mine = rank();
    if (claims[id] !== undefined && claims[id] < mine) {
      decide(id, false);
      if (lost) {
        lost();
      }
      return;
    }
    remember(id);
    claims[id] = mine;
    channel.postMessage({ kind: "claim", id: id, rank: mine, tab: tabId });
    setTimeout(function () {
      decide(id, claims[id] === mine);
      if (decided[id]) {
        go();
      } else if (lost) {
        lost();
      }
    }, CLAIM_MS);
  }

  function stats() {
    var s = { lookups: 0, single: 0, multiple: 0, none: 0, failed: 0 };
    if (runtime.state === "ready") {
      try {
        s = runtimeCall(OP.stats, {});
      } catch (e) {
        s.error = reason(e);
      }
    }
    s.state = runtime.state;
    s.route = runtime.route;
    s.tokenRefreshes = (s.tokenRefreshes || 0) + counters.refreshes;
    s.rateLimited = counters.rateLimited;
    s.fetchFailures = counters.fetchFailures;
    s.queued = counters.queued;
    return s;
  }

  // The CRM page's host adapter answering a lookup (host route); the origin and window
  // were checked by onMessage.
  function runtimeMessage(message) {
    var data = message.data;
    if (runtime.route !== "host" || !data || typeof data.fetch !== "number") {
      return;
    }
    var entry = fetches[data.fetch];
    if (message.type === "framesmith.response" && entry && data.truncated) {
      fetchFailed(data.fetch, "the response is over the limit of " + entry.maxBytes + " bytes (maxResponseBytes)");
    } else if (message.type === "framesmith.response" && entry) {
      fetchAnswered(data.fetch, Number(data.status) || 0,
        encoder.encode(typeof data.body === "string" ? data.body : ""), data.retryAfter);
    } else if (message.type === "framesmith.fetchFailed") {
      fetchFailed(data.fetch, String(data.cause || "the CRM page could not send the request"));
    }
  }

