// framesmith-host.js: the CRM page's side of framesmith's screen pop (its README, "The
// host adapter"). Messages are accepted only from the softphone's origin and from the
// given frame's window.
//   const host = attach({ frame, allow, onPop, getToken, popFrame, runtime }); ... host.detach();
// The direct route's sign-in page (screen_pop.redirect_uri, at the CRM origin) calls
//   completeSignIn();

const APPS_ORIGIN = "__APPS_ORIGIN__";
// Interaction ids already handed to onPop, at most this many remembered.
const REMEMBERED = 4096;
// The names of the tabs pops open in (screen_pop.open = "new_tab") begin so.
const POP_TAB = "framesmith-pop:";

function prefixOf(text) {
  const url = new URL(String(text));
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError("attach: allow holds URL prefixes such as https://crm.example.com/api/, not " + text);
  }
  return url;
}

// The same origin, and the prefix's path and query at a boundary: "https://crm.example.com/api"
// allows neither "/apix" nor a host that begins with the same letters.
function within(url, prefix) {
  if (url.origin !== prefix.origin) {
    return false;
  }
  const have = url.pathname + url.search;
  const want = prefix.pathname + prefix.search;
  if (!have.startsWith(want)) {
    return false;
  }
  const rest = have.slice(want.length);
  return want.endsWith("/") || want.endsWith("?") || want.endsWith("&") || rest === "" ||
    rest[0] === "/" || rest[0] === "?" || rest[0] === "#";
}

// Opens `pop` where screen_pop.open says: a tab of its own, reused for every later pop of
// the deployment, or the page's popFrame. Never the window that holds the softphone: this
// one (a pop tab that itself holds a softphone gave its name up in attach()), its top, or
// the softphone's frame. Only http(s) pages; what is refused is the pop's cause.
function openPop(pop, frame, popFrame) {
  if ((pop.open !== "new_tab" && pop.open !== "same_tab_frame") || typeof pop.url !== "string") {
    return null;
  }
  let url;
  try {
    url = new URL(pop.url);
  } catch {
    return "the pop's URL " + pop.url + " is not a URL, so it was not opened";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return "the pop's URL " + pop.url + " is not an http(s) page, so it was not opened";
  }
  if (pop.open === "same_tab_frame") {
    if (!popFrame) {
      return "screen_pop.open is same_tab_frame, and attach() was given no popFrame";
    }
    popFrame.src = url.href;
    return null;
  }
  const name = typeof pop.tab === "string" && pop.tab.startsWith(POP_TAB) ? pop.tab : POP_TAB;
  if (window.name === name) {
    return "this window holds the softphone, so the pop did not open in it";
  }
  // Opened empty first: a new tab is then same-origin, so its opener can be cut (a
  // "noopener" open would never find the named tab again); an existing one is found by
  // its name and not navigated by this call.
  const tab = window.open("", name);
  if (!tab) {
    return "the browser blocked the pop's tab: allow pop-ups for " + window.location.origin;
  }
  if (tab === window || tab === window.top || tab === frame.contentWindow) {
    return "the pop's tab is the window that holds the softphone, so the pop did not open";
  }
  try {
    tab.opener = null;
  } catch {
    // A tab already at the CRM: its opener was cut when it was opened.
  }
  tab.location.href = url.href;
  return null;
}

// The runtime module's operations this page may be asked to run (src/runtime/mod.rs Op):
// configure only through runtimeWanted, never as a call.
const STATS = 5;
const CONFIGURE = 1;
// The most of a module framework.js may send: the full module, inflated, is under 400 KB.
const MAX_MODULE = 4 * 1024 * 1024;

// Where the softphone cannot run the screen-pop module (Genesys' page refuses WebAssembly,
// or has no DecompressionStream), this page runs it for that softphone: `source` is
// "inline" (the module framework.js carries, which it sends) or the URL of the same
// version's module (the package's pkg/runtime/framesmith_runtime.wasm, or _full for a
// deployment that carries the full one). The module only answers: the softphone keeps
// the events, the claims across tabs, the proxy and direct routes' fetches and the tokens.
function pageRuntime(source) {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let exports = null;
  let compiled = null;
  let session = null;
  let turns = 0;

  function put(bytes) {
    const at = exports.fs_alloc(bytes.length);
    new Uint8Array(exports.memory.buffer, at, bytes.length).set(bytes);
    return at;
  }

  function call(op, request, body) {
    const req = encoder.encode(JSON.stringify(request));
    const reqAt = put(req);
    const bodyAt = body ? put(body) : 0;
    const len = exports.fs_call(op, reqAt, req.length, bodyAt, body ? body.length : 0);
    return JSON.parse(decoder.decode(new Uint8Array(exports.memory.buffer, exports.fs_answer_ptr(), len)));
  }

  const imports = {
    env: {
      parse_float: (at, len) => parseFloat(decoder.decode(new Uint8Array(exports.memory.buffer, at, len))),
      format_float: (x, at) => encoder.encodeInto(String(x), new Uint8Array(exports.memory.buffer, at, 32)).written
    }
  };

  async function compile(data) {
    let wasm;
    if (source === "inline") {
      if (typeof data.module !== "string" || data.module.length > MAX_MODULE) {
        throw new Error("framework.js sent no module");
      }
      if (typeof DecompressionStream !== "function") {
        throw new Error("this browser has no DecompressionStream: give attach() the module's URL as runtime");
      }
      const packed = Uint8Array.from(atob(data.module), (c) => c.charCodeAt(0));
      const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
      wasm = await new Response(stream).arrayBuffer();
    } else {
      const response = await fetch(source, { credentials: "same-origin" });
      if (!response.ok) {
        throw new Error(source + " answered HTTP " + response.status);
      }
      wasm = await response.arrayBuffer();
    }
    return WebAssembly.compile(wasm);
  }

  return {
    // framework.js asks: compile the module once, and give each session of the softphone
    // (a reload is a new one) an instance of its own, configured. Resolves to the
    // configure answer; null for a session already configured.
    async wanted(data) {
      if (!compiled) {
        compiled = compile(data);
      }
      const module = await compiled;
      if (session === data.session) {
        return null;
      }
      if (!data.config || typeof data.config !== "object") {
        throw new Error("framework.js sent no configuration");
      }
      // A softphone that reloads while this one is made: the later session wins.
      const turn = ++turns;
      session = null;
      exports = null;
      const instance = await WebAssembly.instantiate(module, imports);
      if (turn !== turns) {
        return null;
      }
      exports = instance.exports;
      let answer;
      try {
        answer = call(CONFIGURE, data.config);
      } catch (e) {
        answer = { error: { message: "the runtime module failed in the CRM page: " + (e && e.message ? e.message : String(e)) } };
      }
      if (answer.error) {
        exports = null;
        throw new Error(String(answer.error.message));
      }
      session = data.session;
      return answer.ok;
    },
    // One operation for the session; null for a call of another session (a reloaded one).
    run(data) {
      if (!exports || data.session !== session || typeof data.op !== "number" || data.op === CONFIGURE) {
        return null;
      }
      let body = null;
      if (typeof data.body === "string") {
        const raw = atob(data.body.replace(/-/g, "+").replace(/_/g, "/"));
        body = Uint8Array.from(raw, (c) => c.charCodeAt(0));
      }
      try {
        const answer = call(data.op, data.request && typeof data.request === "object" ? data.request : {}, body);
        return { answer, stats: call(STATS, { now: Date.now() }).ok };
      } catch (e) {
        // A trap leaves the module's memory in doubt: it answers no more.
        exports = null;
        return { answer: { error: { code: "runtime/trap", message: "the runtime module failed in the CRM page: " + (e && e.message ? e.message : String(e)) } } };
      }
    }
  };
}

export function attach({ frame, allow = [], onPop, getToken, popFrame, runtime } = {}) {
  if (!frame || typeof frame !== "object" || !("contentWindow" in frame)) {
    throw new TypeError("attach: frame must be the softphone's <iframe> element");
  }
  if (typeof onPop !== "function") {
    throw new TypeError("attach: onPop must be a function");
  }
  if (getToken !== undefined && typeof getToken !== "function") {
    throw new TypeError("attach: getToken must be an async function, or left out");
  }
  if (popFrame !== undefined && (!popFrame || typeof popFrame !== "object" || !("src" in popFrame) || popFrame === frame)) {
    throw new TypeError("attach: popFrame must be an <iframe> element other than the softphone's, or left out");
  }
  if (runtime !== undefined && runtime !== "inline" && !(typeof runtime === "string" || runtime instanceof URL)) {
    throw new TypeError("attach: runtime is \"inline\" or the runtime module's URL, or left out");
  }
  const moduleHere = runtime === undefined ? null
    : pageRuntime(runtime === "inline" ? "inline" : new URL(String(runtime), window.location.href).href);
  // A pop tab that holds a softphone too gives its name up: no later pop navigates it.
  if (typeof window.name === "string" && window.name.startsWith(POP_TAB)) {
    window.name = "";
  }
  const prefixes = Array.from(allow, prefixOf);
  const popped = new Set();
  // choose() calls waiting for the softphone's answer, by interaction and record; dial()
  // calls by their number.
  const choosing = new Map();
  const dialing = new Map();
  let dials = 0;
  const running = new Map();
  let attached = true;

  function allowed(text) {
    let url;
    try {
      url = new URL(text);
    } catch {
      return false;
    }
    return prefixes.some((p) => within(url, p));
  }

  function send(type, data) {
    if (attached && frame.contentWindow) {
      frame.contentWindow.postMessage(JSON.stringify({ type, data }), APPS_ORIGIN);
    }
  }

  async function run(data) {
    const id = data.fetch;
    const request = data.request || {};
    const maxBytes = Number(data.maxBytes) || 0;
    if (typeof request.url !== "string" || !allowed(request.url)) {
      send("framesmith.fetchFailed", {
        fetch: id,
        cause: "the CRM page refused to request " + String(request.url) + ": it is outside the prefixes its host adapter allows"
      });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const headers = new Headers();
      for (const pair of Array.isArray(request.headers) ? request.headers : []) {
        headers.set(String(pair[0]), String(pair[1]));
      }
      if (getToken) {
        const token = await getToken();
        if (token) {
          headers.set("Authorization", "Bearer " + token);
        }
      }
      const response = await fetch(request.url, {
        method: typeof request.method === "string" ? request.method : "GET",
        headers,
        body: typeof request.body === "string" ? request.body : undefined,
        credentials: "same-origin",
        // Never followed: "follow" would send the request on (a 307 keeps its method, body,
        // token and cookies) before its target could be held to `allow`, and the browser
        // hides a redirect's target from the page ("manual" answers an opaque redirect), so
        // no hop can be checked. The softphone's own fetches refuse redirects too.
        redirect: "manual",
        signal: controller.signal
      });
      if (response.type === "opaqueredirect" || response.redirected || (response.status >= 300 && response.status < 400)) {
        send("framesmith.fetchFailed", {
          fetch: id,
          cause: "the CRM answered the lookup with a redirect, which the CRM page's host adapter does not follow: point the data source at the final URL"
        });
        return;
      }
      const reader = response.body ? response.body.getReader() : null;
      const chunks = [];
      let size = 0;
      let truncated = false;
      while (reader) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        chunks.push(value);
        size += value.length;
        if (size > maxBytes) {
          truncated = true;
          await reader.cancel();
          break;
        }
      }
      const body = truncated ? "" : new TextDecoder().decode(await new Blob(chunks).arrayBuffer());
      send("framesmith.response", {
        fetch: id, status: response.status, body, truncated, retryAfter: response.headers.get("Retry-After")
      });
    } catch (e) {
      if (attached) {
        send("framesmith.fetchFailed", {
          fetch: id,
          cause: "the CRM page could not reach the CRM: " + (e && e.message ? e.message : String(e))
        });
      }
    } finally {
      running.delete(id);
    }
  }

  function onMessage(event) {
    if (event.origin !== APPS_ORIGIN || event.source !== frame.contentWindow) {
      return;
    }
    let message = event.data;
    if (typeof message === "string") {
      try {
        message = JSON.parse(message);
      } catch {
        return;
      }
    }
    if (!message || typeof message !== "object" || !message.data || typeof message.data !== "object") {
      return;
    }
    if (message.type === "framesmith.chosen" && typeof message.data.interactionId === "string") {
      const key = message.data.interactionId + "\u0000" + String(message.data.recordId);
      const waiting = choosing.get(key);
      if (waiting) {
        choosing.delete(key);
        clearTimeout(waiting.timer);
        if (message.data.ok === true) {
          waiting.resolve();
        } else {
          waiting.reject(new Error(String(message.data.cause || "the softphone refused the choice")));
        }
      }
    } else if (message.type === "framesmith.dialed" && typeof message.data.dial === "number") {
      const waiting = dialing.get(message.data.dial);
      if (waiting) {
        dialing.delete(message.data.dial);
        clearTimeout(waiting.timer);
        if (message.data.ok === true) {
          waiting.resolve({ number: String(message.data.number) });
        } else {
          waiting.reject(new Error(String(message.data.cause || "the softphone refused to dial")));
        }
      }
    } else if (message.type === "framesmith.runtimeWanted" && typeof message.data.session === "string") {
      const session = message.data.session;
      if (!moduleHere) {
        send("framesmith.runtimeRefused", { session, cause: "attach() was given no runtime" });
        return;
      }
      moduleHere.wanted(message.data).then((configured) => {
        if (configured) {
          send("framesmith.runtimeReady", { session, configured });
        }
      }, (e) => {
        send("framesmith.runtimeRefused", { session, cause: e && e.message ? e.message : String(e) });
      });
    } else if (message.type === "framesmith.runtimeCall" && typeof message.data.call === "number") {
      const done = moduleHere && moduleHere.run(message.data);
      if (done) {
        send("framesmith.runtimeAnswer", { session: message.data.session, call: message.data.call, ...done });
      }
    } else if (message.type === "framesmith.fetch" && typeof message.data.fetch === "number") {
      run(message.data);
    } else if (message.type === "framesmith.pop" && typeof message.data.interactionId === "string") {
      const id = message.data.interactionId;
      if (popped.has(id)) {
        return;
      }
      if (popped.size >= REMEMBERED) {
        popped.delete(popped.values().next().value);
      }
      popped.add(id);
      const pop = message.data;
      const refused = openPop(pop, frame, popFrame);
      if (refused) {
        pop.opened = false;
        pop.cause = pop.cause ? pop.cause + "; " + refused : refused;
      } else if (pop.open && typeof pop.url === "string") {
        pop.opened = true;
      }
      onPop(pop);
    }
  }

  window.addEventListener("message", onMessage);
  return {
    // The agent picked `recordId` among a pop's records: the softphone links the interaction
    // to it. Resolves once it has; rejects with the softphone's reason (an interaction that
    // is gone, a record that was not among the matches) or when it does not answer.
    choose(interactionId, recordId) {
      if (typeof interactionId !== "string" || (typeof recordId !== "string" && typeof recordId !== "number")) {
        return Promise.reject(new TypeError("choose: give the pop's interactionId and one of its choices' id"));
      }
      const key = interactionId + "\u0000" + String(recordId);
      const earlier = choosing.get(key);
      if (earlier) {
        return earlier.promise;
      }
      const entry = {};
      entry.promise = new Promise((resolve, reject) => {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      entry.timer = setTimeout(() => {
        choosing.delete(key);
        entry.reject(new Error("the softphone did not answer the choice within 5 s"));
      }, 5000);
      choosing.set(key, entry);
      send("framesmith.choose", { interactionId, recordId: String(recordId) });
      return entry.promise;
    },
    // Dial `number` from the softphone: normalised to E.164 with the deployment's default
    // country there (a number that cannot be is refused with the reason, never dialled as
    // typed); the call it places is linked to `recordId` (named `text`) and given
    // `attributes`. Resolves with the number dialled.
    dial(number, { recordId, text, attributes } = {}) {
      if (typeof number !== "string" || !number.trim()) {
        return Promise.reject(new TypeError("dial: give the number to dial as text"));
      }
      if (attributes !== undefined && (!attributes || typeof attributes !== "object" || Array.isArray(attributes))) {
        return Promise.reject(new TypeError("dial: attributes is an object of names to values, or left out"));
      }
      const id = ++dials;
      const entry = {};
      entry.promise = new Promise((resolve, reject) => {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      entry.timer = setTimeout(() => {
        dialing.delete(id);
        entry.reject(new Error("the softphone did not answer the dial within 5 s"));
      }, 5000);
      dialing.set(id, entry);
      send("framesmith.dial", {
        dial: id,
        number,
        recordId: recordId === undefined || recordId === null ? undefined : String(recordId),
        text: typeof text === "string" ? text : undefined,
        attributes
      });
      return entry.promise;
    },
    // Every tel: link, and every element with data-framesmith-dial (its value the number,
    // data-framesmith-record the record), under `root` dials through dial() when clicked;
    // then "framesmith:dialed" fires on the element with the number dialled, or
    // "framesmith:dialfailed" with the reason. Returns the function that stops it.
    linkify(root = document) {
      const onClick = (event) => {
        const target = event.target && event.target.closest ? event.target : null;
        const el = target && target.closest('a[href^="tel:" i], [data-framesmith-dial]');
        if (!el || !root.contains(el)) {
          return;
        }
        let number = el.getAttribute("data-framesmith-dial") || "";
        if (!number) {
          number = (el.getAttribute("href") || "").replace(/^tel:/i, "");
          try {
            number = decodeURIComponent(number);
          } catch {
            // Left as written: the softphone says what is wrong with it.
          }
        }
        event.preventDefault();
        this.dial(number, {
          recordId: el.getAttribute("data-framesmith-record") || undefined,
          text: el.getAttribute("data-framesmith-text") || undefined
        }).then(({ number: dialled }) => {
          el.dispatchEvent(new CustomEvent("framesmith:dialed", { bubbles: true, detail: dialled }));
        }, (e) => {
          el.dispatchEvent(new CustomEvent("framesmith:dialfailed", { bubbles: true, detail: e.message }));
        });
      };
      root.addEventListener("click", onClick);
      return () => root.removeEventListener("click", onClick);
    },
    detach() {
      attached = false;
      window.removeEventListener("message", onMessage);
      for (const controller of running.values()) {
        controller.abort();
      }
      running.clear();
      for (const waiting of choosing.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error("the host adapter was detached"));
      }
      choosing.clear();
      for (const waiting of dialing.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error("the host adapter was detached"));
      }
      dialing.clear();
    }
  };
}

// The direct route: the CRM's sign-in came back to this page (screen_pop.redirect_uri).
// Hands the code, or the CRM's error, to the softphone that opened the window (only to
// the softphone's origin; the code is useless without the PKCE verifier that stayed
// there), takes it out of the address bar and closes the window. Returns false when this
// page was not opened by a sign-in.
export function completeSignIn() {
  const params = new URLSearchParams(window.location.search);
  const state = params.get("state");
  if (!window.opener || !state) {
    return false;
  }
  window.opener.postMessage(JSON.stringify({
    type: "framesmith.signIn",
    data: {
      state,
      code: params.get("code"),
      error: params.get("error"),
      errorDescription: params.get("error_description")
    }
  }), APPS_ORIGIN);
  window.history.replaceState(null, "", window.location.pathname);
  window.close();
  return true;
}
