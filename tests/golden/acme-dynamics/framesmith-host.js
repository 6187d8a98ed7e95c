// framesmith-host.js: the CRM page's side of framesmith's screen pop (its README, "The
// host adapter"). Messages are accepted only from the softphone's origin and from the
// given frame's window.
//   const host = attach({ frame, allow, onPop, getToken }); ... host.detach();
// The direct route's sign-in page (screen_pop.redirect_uri, at the CRM origin) calls
//   completeSignIn();

const APPS_ORIGIN = "https://apps.mypurecloud.ie";
// Interaction ids already handed to onPop, at most this many remembered.
const REMEMBERED = 4096;

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

export function attach({ frame, allow = [], onPop, getToken } = {}) {
  if (!frame || typeof frame !== "object" || !("contentWindow" in frame)) {
    throw new TypeError("attach: frame must be the softphone's <iframe> element");
  }
  if (typeof onPop !== "function") {
    throw new TypeError("attach: onPop must be a function");
  }
  if (getToken !== undefined && typeof getToken !== "function") {
    throw new TypeError("attach: getToken must be an async function, or left out");
  }
  const prefixes = Array.from(allow, prefixOf);
  const popped = new Set();
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
    if (message.type === "framesmith.fetch" && typeof message.data.fetch === "number") {
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
      onPop(message.data);
    }
  }

  window.addEventListener("message", onMessage);
  return {
    detach() {
      attached = false;
      window.removeEventListener("message", onMessage);
      for (const controller of running.values()) {
        controller.abort();
      }
      running.clear();
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
