  // The screen-pop runtime's driver (src/runtime/driver/, its files joined in name order):
  // framework.js carries the runtime module, compressed (deflate-raw, base64), because
  // Genesys lets framework.js
  // load no script. The module decides which calls pop, looks the caller up and picks the
  // record; this code moves its requests and answers. Where WebAssembly is missing or
  // refused (a Content-Security-Policy without 'wasm-unsafe-eval'), the CRM page's host
  // adapter may run the module instead (attach({ runtime }), 9-elsewhere.js); else it says
  // so once and the events are only forwarded. It runs inside framework.js's function, after
  // RUNTIME_CONFIG, RUNTIME_NAME, RUNTIME_VERSION, CRM_ORIGIN and post().
  var RUNTIME_WASM = "__RUNTIME_WASM__";
  // Events that arrive while the module loads wait here, at most this many.
  var MAX_QUEUED = 256;
  var MAX_TIMER_MS = 2147483647;
  var OP = { configure: 1, event: 2, response: 3, failed: 4, stats: 5, contacts: 9, callLog: 10,
    token: 11, wake: 12, tick: 13, dial: 14 };
  // `place` is where the module runs: "softphone", or "crm-page" (9-elsewhere.js), whose
  // calls go over postMessage (`remote`).
  var runtime = { state: "loading", exports: null, route: null, direct: false, signIn: null, queue: [],
    place: null, remote: null };
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
    if (runtime.remote) {
      remoteCall(op, request, body).then(runtimeDone, function (e) {
        runtimeOff(reason(e));
      });
      return;
    }
    var result;
    try {
      result = runtimeCall(op, request, body);
    } catch (e) {
      runtimeOff(reason(e));
      return;
    }
    runtimeDone(result);
  }

  // One operation's answer as a promise, wherever the module runs (a dial waits for it).
  function runtimeAsk(op, request) {
    if (runtime.remote) {
      return remoteCall(op, request);
    }
    return new Promise(function (resolve) {
      resolve(runtimeCall(op, request));
    });
  }

  function runtimeDone(result) {
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
        // A browser fires a timer past 2^31 - 1 ms at once, over and over: the module caps
        // its waits, and the driver never hands setTimeout more.
        }, Math.min(MAX_TIMER_MS, Math.max(0, result.retryAt - Date.now())));
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
    // The jitter of token refreshes differs per tab, so tabs do not refresh in step.
    RUNTIME_CONFIG.seed = Math.floor(Math.random() * 4294967296);
    try {
      if (typeof TextEncoder !== "function") {
        throw new Error("TextEncoder is not available");
      }
      encoder = new TextEncoder();
      decoder = new TextDecoder();
      if (typeof WebAssembly !== "object") {
        throw new Error("WebAssembly is not available");
      }
      if (typeof DecompressionStream !== "function") {
        throw new Error("DecompressionStream is not available");
      }
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
        runtimeReady(runtimeCall(OP.configure, RUNTIME_CONFIG), "softphone");
      }, function (e) {
        // Refused here (Genesys' policy): perhaps the CRM page runs it.
        elsewhere(reason(e));
      }).catch(function (e) {
        runtimeOff(reason(e));
      });
    } catch (e) {
      try {
        elsewhere(reason(e));
      } catch (again) {
        runtimeOff(reason(e));
      }
    }
  }

  // The module is configured, here or in the CRM page: lookups can run.
  function runtimeReady(configured, place) {
    runtime.route = configured.route;
    runtime.signIn = configured.signIn;
    // Some kind of interaction takes the direct route (a media table may name its own).
    runtime.direct = !!configured.signIn;
    runtime.state = "ready";
    runtime.place = place;
    mark("framesmith:ready");
    if (auth.grant && runtime.direct) {
      // Another tab's token, shared while this module loaded.
      runtimeStep(OP.token, { token: auth.grant.token, expiresInMs: Math.max(0, auth.grant.expiresAt - Date.now()), shared: true });
    }
    var queued = runtime.queue;
    runtime.queue = [];
    for (var j = 0; j < queued.length; j++) {
      runtimeStep(OP.event, queued[j]);
    }
  }

  function runtimeEvent(request) {
    // An interaction gone from the client can no longer be chosen for.
    if (request.category === "deallocate" && request.interaction) {
      delete offered[request.interaction.id];
      delete linked[request.interaction.id];
    }
    if (request.category === "add") {
      dialed(request.interaction);
    }
    if (runtime.state === "loading") {
      if (runtime.queue.length < MAX_QUEUED) {
        runtime.queue.push(request);
        counters.queued++;
      }
    } else {
      runtimeStep(OP.event, request);
    }
  }
