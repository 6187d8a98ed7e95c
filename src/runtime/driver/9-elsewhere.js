  // The module in the CRM page (issue 25): where Genesys' page refuses WebAssembly (a
  // Content-Security-Policy without 'wasm-unsafe-eval') or lacks DecompressionStream, the
  // host adapter runs the module when attach() was given `runtime`. Only the module moves:
  // this code keeps the events, the claims across tabs, the proxy and direct routes'
  // fetches and every token, so a token never reaches the CRM page (the CRM token goes
  // there as a stand-in, put back here into the request it is for).
  var ASK_MS = 1000;
  var ASKS = 10;
  // How long a call waits for the CRM page's answer before pops are turned off.
  var REMOTE_MS = 10000;
  var MAX_SEALED = 8;
  var sealed = [];
  // Rendered natively beside the configuration: the route, the sign-in, and the one origin
  // each token may go to.
  var held = RUNTIME_CONFIG.held || {};

  function elsewhere(why) {
    if (runtime.state !== "loading") {
      return;
    }
    var asked = 0;
    // Names this framework.js to the page: a softphone that reloads is configured afresh.
    // An identity, not a secret: the page sees it in every call.
    var session = Math.random().toString(36).slice(2) + Date.now().toString(36);
    runtime.remote = { why: why, calls: {}, next: 1, stats: null, timer: null, session: session };
    function ask() {
      if (runtime.state !== "loading") {
        return;
      }
      if (asked++ >= ASKS) {
        runtimeOff(why + "; the CRM page's host adapter did not answer, so it cannot run the module either");
        return;
      }
      // The page may attach after this frame loads: ask again until it answers.
      post("framesmith.runtimeWanted", { session: session, cause: why, version: RUNTIME_VERSION,
        config: RUNTIME_CONFIG, module: RUNTIME_WASM });
      runtime.remote.timer = setTimeout(ask, ASK_MS);
    }
    ask();
  }

  // The module's call in the CRM page; its answer comes as framesmith.runtimeAnswer.
  function remoteCall(op, request, body) {
    var remote = runtime.remote;
    request.now = Date.now();
    if (op === OP.token && typeof request.token === "string" && request.token) {
      request.token = seal(request.token);
    }
    var id = remote.next++;
    return new Promise(function (resolve, reject) {
      remote.calls[id] = {
        resolve: resolve,
        reject: reject,
        timer: setTimeout(function () {
          delete remote.calls[id];
          reject(new Error("the CRM page that runs the module did not answer within " + REMOTE_MS / 1000 + " s"));
        }, REMOTE_MS)
      };
      post("framesmith.runtimeCall", { session: remote.session, call: id, op: op, request: request,
        body: body ? base64url(body) : null });
    });
  }

  function seal(token) {
    for (var i = 0; i < sealed.length; i++) {
      if (sealed[i].token === token) {
        return sealed[i].standIn;
      }
    }
    var standIn = "framesmith-sealed-" + randomText(24);
    sealed.push({ token: token, standIn: standIn });
    if (sealed.length > MAX_SEALED) {
      sealed.shift();
    }
    return standIn;
  }

  // A header the module wrote with a stand-in, with the token it stands for: only in a
  // request to the origin the token is for (the CRM page wrote the request).
  function unseal(value, origin) {
    for (var i = 0; runtime.remote && origin === held.tokenOrigin && i < sealed.length; i++) {
      if (value.indexOf(sealed[i].standIn) !== -1) {
        return value.split(sealed[i].standIn).join(sealed[i].token);
      }
    }
    return value;
  }

  // The host adapter's side of it; the origin and window were checked by onMessage.
  function remoteMessage(message) {
    var remote = runtime.remote;
    var data = message.data;
    if (!remote || !data || typeof data !== "object" || data.session !== remote.session) {
      return;
    }
    if (message.type === "framesmith.runtimeReady" && runtime.state === "loading") {
      clearTimeout(remote.timer);
      // The route and the sign-in are framework.js's own (RUNTIME_CONFIG.held), never the
      // page's: where the agent signs in and where a token goes is not the page's to say.
      runtimeReady({ route: held.route, signIn: held.signIn || null }, "crm-page");
    } else if (message.type === "framesmith.runtimeRefused" && runtime.state === "loading") {
      clearTimeout(remote.timer);
      runtimeOff(remote.why + "; the CRM page cannot run it either: " + String(data.cause));
    } else if (message.type === "framesmith.runtimeAnswer" && typeof data.call === "number") {
      var waiting = remote.calls[data.call];
      if (!waiting) {
        return;
      }
      delete remote.calls[data.call];
      clearTimeout(waiting.timer);
      if (data.stats && typeof data.stats === "object") {
        remote.stats = data.stats;
      }
      var answer = data.answer && typeof data.answer === "object" ? data.answer : {};
      if (answer.error) {
        var error = new Error(String(answer.error.message));
        error.code = answer.error.code;
        waiting.reject(error);
      } else {
        waiting.resolve(answer.ok);
      }
    }
  }
