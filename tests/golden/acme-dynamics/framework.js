/*! framesmith 0.1.0 sha256:<masked> */
(function () {
  "use strict";

  // The CRM page that embeds this softphone: the only window messages go to or come from.
  var CRM_ORIGIN = "https://acme.crm4.dynamics.com";
  // How long a call-log write or a contact search waits for the CRM page's answer.
  var REPLY_TIMEOUT_MS = 15000;
  var pending = {};
  var nextRequestId = 1;

  // Messages are JSON text shaped {type, data}, as in Genesys' own example, so CRM pages
  // written for that example keep working.
  function post(type, data) {
    window.parent.postMessage(JSON.stringify({ type: type, data: data }), CRM_ORIGIN);
  }

  function settle(id, type, ok, result) {
    var entry = pending[id];
    if (!entry || entry.type !== type) {
      return;
    }
    delete pending[id];
    clearTimeout(entry.timer);
    if (ok) {
      entry.onSuccess(result);
    } else {
      entry.onFailure(result);
    }
  }

  function request(type, data, onSuccess, onFailure) {
    var id = nextRequestId++;
    pending[id] = {
      type: type,
      onSuccess: onSuccess,
      onFailure: onFailure,
      timer: setTimeout(function () {
        settle(id, type, false, { reason: "timeout" });
      }, REPLY_TIMEOUT_MS)
    };
    data.requestId = id;
    post(type, data);
  }

  // A reply without a requestId (pages written for Genesys' example) answers the oldest
  // request of its type.
  function oldest(type) {
    var best = null;
    for (var key in pending) {
      if (pending[key].type === type && (best === null || Number(key) < best)) {
        best = Number(key);
      }
    }
    return best;
  }

  var REPLIES = {
    contactSearchResult: { request: "contactSearch", ok: true },
    sendContactSearch: { request: "contactSearch", ok: true },
    processCallLogResult: { request: "processCallLog", ok: true },
    contactSearchFailed: { request: "contactSearch", ok: false },
    processCallLogFailed: { request: "processCallLog", ok: false }
  };

  // What the CRM page may ask the softphone to do.
  var COMMANDS = {
    clickToDial: function (d) { window.PureCloud.clickToDial(d); },
    addAssociation: function (d) { window.PureCloud.addAssociation(d); },
    addAttribute: function (d) { window.PureCloud.addCustomAttributes(d); },
    addTransferContext: function (d) { window.PureCloud.addTransferContext(d); },
    updateUserStatus: function (d) { window.PureCloud.User.updateStatus(d); },
    updateInteractionState: function (d) { window.PureCloud.Interaction.updateState(d); },
    setView: function (d) { window.PureCloud.User.setView(d); },
    updateAudioConfiguration: function (d) { window.PureCloud.User.Notification.setAudioConfiguration(d); },
    sendCustomNotification: function (d) { window.PureCloud.User.Notification.notifyUser(d); }
  };

  // Screen pop at run time (framesmith): what the runtime module below runs on.
  var RUNTIME_CONFIG = {
  "workspace": {
    "deployment": [{
        "screen_pop": {
          "integration": "Prod_CRM_Connector_Instance",
          "data_source": "lookup_account_by_phone",
          "route": "host",
          "trigger": "alerting",
          "search_attribute": "PT_SearchValue",
          "default_country": "IE",
          "on_single": "{crmBaseEndpoint}/accounts/{accountId}",
          "on_multiple": "{crmBaseEndpoint}/search?phone={phone}",
          "on_none": "{crmBaseEndpoint}/accounts/new?phone={phone}",
          "contact_search": "lookup_account_by_phone",
          "call_log": "log_activity",
          "call_log_update": "update_activity",
          "callback": {
            "search": ["attribute:PT_SearchValue", "phone"]
          },
          "outbound": {
            "campaign": true,
            "manual": false
          },
          "chat": {
            "search": ["attribute:PT_SearchValue", "email", "name"],
            "data_source": "lookup_account_by_email",
            "on_multiple": "{crmBaseEndpoint}/search?q={searchValue}",
            "on_none": "{crmBaseEndpoint}/search?q={searchValue}"
          },
          "message": {
            "search": ["attribute:PT_SearchValue", "phone"]
          },
          "email": {
            "search": ["email"],
            "data_source": "lookup_account_by_email",
            "on_single": "{crmBaseEndpoint}/accounts/{accountId}?tab=emails",
            "on_multiple": "{crmBaseEndpoint}/search?q={searchValue}",
            "on_none": "{crmBaseEndpoint}/search?q={searchValue}"
          }
        }
      }],
    "integration_type": [{
        "name": "Custom_CRM_Enterprise_Connector",
        "uiDefinition": {
          "settings": [{
              "name": "crmBaseEndpoint",
              "type": "url"
            }]
        },
        "dataSources": [{
            "name": "lookup_account_by_phone",
            "displayName": "Lookup Account by Phone",
            "restEndpoint": "{crmBaseEndpoint}/api/v1/accounts?phone={phone}\u0026fields=id,name,tier,last_contacted",
            "method": "GET",
            "authenticationType": "oauth2",
            "requestHeaders": {
              "Accept": "application/json"
            },
            "records": "\u0024.items[*]",
            "responseMapping": {
              "accountId": "\u0024.id",
              "accountName": "\u0024.name",
              "accountTier": "\u0024.tier",
              "lastInteractionDate": "\u0024.last_contacted"
            },
            "pagination": {
              "next": "\u0024.next"
            }
          }, {
            "name": "lookup_account_by_email",
            "displayName": "Lookup Account by Email",
            "restEndpoint": "{crmBaseEndpoint}/api/v1/accounts?email={searchValue}\u0026fields=id,name,tier,last_contacted",
            "method": "GET",
            "authenticationType": "oauth2",
            "requestHeaders": {
              "Accept": "application/json"
            },
            "records": "\u0024.items[*]",
            "responseMapping": {
              "accountId": "\u0024.id",
              "accountName": "\u0024.name",
              "accountTier": "\u0024.tier",
              "lastInteractionDate": "\u0024.last_contacted"
            },
            "pagination": {
              "next": "\u0024.next"
            }
          }, {
            "name": "log_activity",
            "displayName": "Log call activity",
            "restEndpoint": "{crmBaseEndpoint}/api/v1/activities",
            "method": "POST",
            "authenticationType": "oauth2",
            "requestHeaders": {
              "Accept": "application/json",
              "Content-Type": "application/json"
            },
            "responseMapping": {
              "activityId": "\u0024.id"
            }
          }, {
            "name": "update_activity",
            "displayName": "Update call activity",
            "restEndpoint": "{crmBaseEndpoint}/api/v1/activities/{callLog.id}",
            "method": "PATCH",
            "authenticationType": "oauth2",
            "requestHeaders": {
              "Accept": "application/json",
              "Content-Type": "application/json"
            }
          }]
      }],
    "integration": [{
        "name": "Prod_CRM_Connector_Instance",
        "type": "Custom_CRM_Enterprise_Connector",
        "properties": {
          "crmBaseEndpoint": "https://crm.enterprise-client.com"
        }
      }]
  },
  "deployment": 0,
  "apiDomain": "mypurecloud.ie",
  "held": {
    "route": "host",
    "signIn": null,
    "tokenOrigin": null,
    "genesysOrigin": "https://api.mypurecloud.ie"
  }
};
  var RUNTIME_NAME = "Acme Dynamics";
  var RUNTIME_VERSION = "0.1.0";

var RUNTIME_WASM = "<src/runtime/runtime.b64>";
var MAX_QUEUED = 256;
var MAX_TIMER_MS = 2147483647;
var OP = { configure: 1, event: 2, response: 3, failed: 4, stats: 5, contacts: 9, callLog: 10,
token: 11, wake: 12, tick: 13, dial: 14 };
var runtime = { state: "loading", exports: null, route: null, direct: false, signIn: null, queue: [],
place: null, remote: null };
var counters = { refreshes: 0, rateLimited: 0, fetchFailures: 0, queued: 0 };
var fetches = {};
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
function runtimeCall(op, request, body) {
var ex = runtime.exports;
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
}, Math.min(MAX_TIMER_MS, Math.max(0, result.retryAt - Date.now())));
}
}
}
function mark(name) {
if (typeof performance === "object" && typeof performance.mark === "function") {
performance.mark(name);
}
}
function loadRuntime() {
mark("framesmith:load");
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
format_float: function (x, at) {
return encoder.encodeInto(String(x), new Uint8Array(runtime.exports.memory.buffer, at, 32)).written;
}
}
};
var inflate = new DecompressionStream("deflate-raw");
var writer = inflate.writable.getWriter();
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
function runtimeReady(configured, place) {
runtime.route = configured.route;
runtime.signIn = configured.signIn;
runtime.direct = !!configured.signIn;
runtime.state = "ready";
runtime.place = place;
mark("framesmith:ready");
if (auth.grant && runtime.direct) {
runtimeStep(OP.token, { token: auth.grant.token, expiresInMs: Math.max(0, auth.grant.expiresAt - Date.now()), shared: true });
}
var queued = runtime.queue;
runtime.queue = [];
for (var j = 0; j < queued.length; j++) {
runtimeStep(OP.event, queued[j]);
}
}
function runtimeEvent(request) {
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
function directFetch(a, controller) {
sendRequest(a, controller).then(function (response) {
return answered(a, response);
}).catch(function (e) {
fetchFailed(a.fetch, "the CRM could not be reached from the softphone (" + reason(e) +
"); it must answer CORS requests from " + location.origin);
});
}
function sendRequest(a, controller, token) {
var origin = "";
try {
origin = new URL(a.request.url).origin;
} catch (e) {
origin = "";
}
if (token && origin !== held.genesysOrigin) {
return Promise.reject(new Error("the Genesys token goes only to " + held.genesysOrigin + ", not to " + origin));
}
var headers = token ? { Authorization: "Bearer " + token } : {};
for (var k = 0; k < a.request.headers.length; k++) {
headers[a.request.headers[k][0]] = unseal(a.request.headers[k][1], origin);
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
var auth = { refreshToken: null, busy: false, epoch: 0, tick: null, grant: null };
var TOKEN_WAIT_MS = 20000;
var SIGN_IN_MS = 300000;
function tokenDone(epoch, outcome) {
auth.busy = false;
auth.epoch = Math.max(auth.epoch, epoch + 1);
if (outcome.token) {
auth.grant = { token: outcome.token, expiresAt: Date.now() + outcome.expiresInMs, epoch: epoch };
}
runtimeStep(OP.token, outcome);
}
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
setTimeout(function () {
if (auth.busy && auth.epoch === epoch) {
auth.busy = false;
decided["token:" + epoch] = true;
refreshCrmToken();
}
}, TOKEN_WAIT_MS);
});
}
function sharedToken(m) {
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
}
if (typeof m.data.code === "string" && m.data.code) {
resolve({ code: m.data.code, verifier: verifier });
} else {
reject({ status: 0, error: String(m.data.error || "access_denied"),
message: String(m.data.errorDescription || "the CRM did not sign the agent in") });
}
}
window.addEventListener("message", onSignIn);
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
}
reject({ status: 0, error: "sign_in_timeout", message: "the CRM sign-in did not finish within " + SIGN_IN_MS / 60000 + " minutes" });
}, SIGN_IN_MS);
});
});
}
function wake() {
if (runtime.direct && (document.visibilityState === "visible")) {
runtimeStep(OP.wake, {});
}
}
if (typeof document === "object" && typeof window.addEventListener === "function") {
document.addEventListener("visibilitychange", wake);
window.addEventListener("online", wake);
}
function sendFetch(a) {
if (a.afterMs > 0) {
setTimeout(function () {
a.afterMs = 0;
sendFetch(a);
}, Math.min(MAX_TIMER_MS, a.afterMs));
return;
}
var entry = { maxBytes: a.maxBytes, controller: null, timer: null, route: a.route };
fetches[a.fetch] = entry;
entry.timer = setTimeout(function () {
fetchFailed(a.fetch, "no answer within " + a.timeoutMs / 1000 + " s (timeoutSeconds)");
}, a.timeoutMs);
if (a.route === "host") {
post("framesmith.fetch", { fetch: a.fetch, request: a.request, maxBytes: a.maxBytes });
} else {
entry.controller = new AbortController();
(a.route === "proxy" ? proxyFetch : directFetch)(a, entry.controller);
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
var sideCalls = {};
var nextSide = 1;
function runtimeSide(op, source, request, onSuccess, onFailure) {
var sp = RUNTIME_CONFIG.workspace.deployment[0].screen_pop;
if (runtime.state !== "ready" || !sp[source]) {
return false;
}
if (op === OP.callLog) {
runtimeCallLog(request, onSuccess, onFailure);
return true;
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
if (a.created) {
p.created = true;
}
if (a.kind === "multiple" && a.choices) {
p.choices = a.choices;
remember(a.interactionId);
offered[a.interactionId] = a.choices;
}
var open = RUNTIME_CONFIG.workspace.deployment[0].screen_pop.open;
if (open === "new_tab" || open === "same_tab_frame") {
p.open = open;
p.tab = "framesmith-pop:" + RUNTIME_NAME;
}
post("framesmith.pop", p);
if (a.kind === "single" && a.association) {
remember(a.interactionId);
linked[a.interactionId] = { id: a.association.id, text: a.association.text };
window.PureCloud.addAssociation({
type: "contact",
id: a.association.id,
text: a.association.text,
interactionId: a.interactionId
});
} else if (a.kind === "failed") {
window.PureCloud.User.Notification.notifyUser({
message: "Screen pop could not look the customer up: " + a.cause,
type: "error"
});
}
}
var CLAIM_MS = 150;
var tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
var peers = {};
var claims = Object.create(null);
var decided = Object.create(null);
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
delete offered[old];
delete linked[old];
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
} else if ((m.kind === "logged" || m.kind === "logFailed") && typeof m.interactionId === "string") {
peers[m.tab] = true;
sharedLog(m);
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
if (runtime.state === "ready" && runtime.remote) {
s = Object.assign({}, runtime.remote.stats || s);
} else if (runtime.state === "ready") {
try {
s = runtimeCall(OP.stats, {});
} catch (e) {
s.error = reason(e);
}
}
s.multiple = (s.multiple || 0) - choices;
s.single = (s.single || 0) + choices;
s.choices = choices;
s.created = s.created || 0;
s.state = runtime.state;
s.runtimeIn = runtime.place;
s.route = runtime.route;
s.tokenRefreshes = (s.tokenRefreshes || 0) + counters.refreshes;
s.rateLimited = counters.rateLimited;
s.fetchFailures = counters.fetchFailures;
s.queued = counters.queued;
return s;
}
function runtimeMessage(message) {
var data = message.data;
if (message.type.indexOf("framesmith.runtime") === 0) {
remoteMessage(message);
return;
}
if (message.type === "framesmith.choose" && data && typeof data === "object") {
choose(data);
return;
}
if (message.type === "framesmith.dial" && data && typeof data === "object") {
dial(data);
return;
}
var entry = data && typeof data.fetch === "number" ? fetches[data.fetch] : undefined;
if (!entry || entry.route !== "host") {
return;
}
if (message.type === "framesmith.response" && data.truncated) {
fetchFailed(data.fetch, "the response is over the limit of " + entry.maxBytes + " bytes (maxResponseBytes)");
} else if (message.type === "framesmith.response") {
fetchAnswered(data.fetch, Number(data.status) || 0,
encoder.encode(typeof data.body === "string" ? data.body : ""), data.retryAfter);
} else if (message.type === "framesmith.fetchFailed") {
fetchFailed(data.fetch, String(data.cause || "the CRM page could not send the request"));
}
}
var offered = Object.create(null);
var linked = Object.create(null);
var choices = 0;
function choose(data) {
var id = data.interactionId;
var record = String(data.recordId);
var list = typeof id === "string" ? offered[id] : undefined;
var pick = null;
for (var i = 0; list && i < list.length; i++) {
if (list[i].id === record) {
pick = list[i];
}
}
var cause = null;
if (!list) {
cause = "interaction " + String(id) + " has no pop with several records in this softphone: it is gone, or it popped in another tab";
} else if (!pick) {
cause = "record " + record + " is not among the records interaction " + id + " matched";
} else {
if (!linked[id]) {
choices++;
}
linked[id] = pick;
window.PureCloud.addAssociation({ type: "contact", id: pick.id, text: pick.text, interactionId: id });
}
post("framesmith.chosen", { interactionId: String(id), recordId: record, ok: cause === null, cause: cause });
}
var dials = [];
var MAX_DIALS = 16;
function dial(data) {
var answer = { dial: data.dial, ok: false };
if (runtime.state !== "ready") {
answer.cause = "screen pop is not ready in this softphone (" + runtime.state + ")";
post("framesmith.dialed", answer);
return;
}
runtimeAsk(OP.dial, { number: String(data.number) }).then(function (normalised) {
answer.number = normalised.number;
answer.ok = true;
var attributes = data.attributes && typeof data.attributes === "object" ? data.attributes : null;
var record = typeof data.recordId === "string" && data.recordId ? data.recordId : null;
if (record || attributes) {
dials.push({ number: answer.number, record: record,
text: typeof data.text === "string" && data.text ? data.text : record, attributes: attributes });
if (dials.length > MAX_DIALS) {
dials.shift();
}
}
window.PureCloud.clickToDial({ number: answer.number, autoPlace: true });
}, function (e) {
answer.cause = reason(e);
}).then(function () {
post("framesmith.dialed", answer);
});
}
function dialed(interaction) {
if (!dials.length || !interaction || interaction.direction !== "Outbound") {
return;
}
var digits = String(interaction.calledNumber || "").replace(/\D/g, "");
for (var i = 0; digits && i < dials.length; i++) {
if (dials[i].number.replace(/\D/g, "") === digits) {
var d = dials.splice(i, 1)[0];
if (d.record) {
remember(interaction.id);
linked[interaction.id] = { id: d.record, text: d.text };
window.PureCloud.addAssociation({ type: "contact", id: d.record, text: d.text, interactionId: interaction.id });
}
if (d.attributes) {
window.PureCloud.addCustomAttributes({ interactionId: interaction.id, attributes: d.attributes });
}
return;
}
}
}
var logs = Object.create(null);
var logOrder = [];
var LOG_WAIT_MS = 60000;
function logOf(id) {
var entry = logs[id];
if (!entry) {
entry = logs[id] = { id: null, creating: false, waiting: [], notified: false, timer: null };
logOrder.push(id);
if (logOrder.length > MAX_REMEMBERED) {
delete logs[logOrder.shift()];
}
}
return entry;
}
function withId(callLog, id) {
var copy = {};
for (var k in callLog) {
if (Object.prototype.hasOwnProperty.call(callLog, k)) {
copy[k] = callLog[k];
}
}
copy.id = id;
return copy;
}
function sendLog(entry, request, onSuccess, onFailure, created) {
var id = nextSide++;
sideCalls[id] = {
onSuccess: function (r) {
if (created) {
created(r.id);
}
onSuccess(r);
},
onFailure: function (e) {
logFailed(entry, e && e.reason);
onFailure(e);
}
};
request.request = id;
runtimeStep(OP.callLog, request);
}
function logFailed(entry, cause) {
if (!entry.notified) {
entry.notified = true;
window.PureCloud.User.Notification.notifyUser({
message: "The call log could not be written to the CRM: " + cause,
type: "error"
});
}
}
function logCreated(entry, iid, logId, share) {
entry.id = String(logId);
entry.creating = false;
clearTimeout(entry.timer);
if (share && channel) {
channel.postMessage({ kind: "logged", tab: tabId, interactionId: iid, id: entry.id });
}
var waiting = entry.waiting;
entry.waiting = [];
for (var i = 0; i < waiting.length; i++) {
var w = waiting[i];
if (w[3]) {
w[1]({ id: entry.id });
} else {
w[0].callLog = withId(w[0].callLog, entry.id);
sendLog(entry, w[0], w[1], w[2]);
}
}
}
function logNotCreated(entry, cause, share, iid) {
entry.creating = false;
clearTimeout(entry.timer);
delete decided["log:" + iid];
delete claims["log:" + iid];
if (share && channel) {
channel.postMessage({ kind: "logFailed", tab: tabId, interactionId: iid, cause: cause });
}
var waiting = entry.waiting;
entry.waiting = [];
for (var i = 0; i < waiting.length; i++) {
waiting[i][2]({ reason: cause });
}
}
function runtimeCallLog(request, onSuccess, onFailure) {
var interaction = request.interaction && typeof request.interaction === "object" ? request.interaction : {};
var callLog = request.callLog && typeof request.callLog === "object" ? request.callLog : {};
var iid = String(interaction.id || "");
var entry = logOf(iid);
request.callLog = callLog;
request.record = linked[iid];
if (callLog.id === undefined || callLog.id === null || callLog.id === "") {
if (entry.id) {
request.callLog = withId(callLog, entry.id);
} else if (entry.creating) {
entry.waiting.push([request, onSuccess, onFailure, false]);
return;
} else {
entry.creating = true;
claimThen("log:" + iid, function () {
sendLog(entry, request, onSuccess, function (e) {
logNotCreated(entry, e.reason, true, iid);
onFailure(e);
}, function (logId) {
logCreated(entry, iid, logId, true);
});
}, function () {
if (entry.id) {
onSuccess({ id: entry.id });
return;
}
entry.waiting.unshift([request, onSuccess, onFailure, true]);
entry.timer = setTimeout(function () {
logNotCreated(entry, "the call log another tab was writing did not finish within " + LOG_WAIT_MS / 1000 + " s", false, iid);
}, LOG_WAIT_MS);
});
return;
}
}
sendLog(entry, request, onSuccess, onFailure);
}
function sharedLog(m) {
var entry = logOf(m.interactionId);
if (m.kind === "logged" && typeof m.id === "string" && !entry.id) {
logCreated(entry, m.interactionId, m.id, false);
} else if (m.kind === "logFailed" && entry.creating && !entry.id) {
logNotCreated(entry, String(m.cause || "the other tab could not write the call log"), false, m.interactionId);
}
}
var ASK_MS = 1000;
var ASKS = 10;
var REMOTE_MS = 10000;
var MAX_SEALED = 8;
var sealed = [];
var held = RUNTIME_CONFIG.held || {};
function elsewhere(why) {
if (runtime.state !== "loading") {
return;
}
var asked = 0;
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
post("framesmith.runtimeWanted", { session: session, cause: why, version: RUNTIME_VERSION,
config: RUNTIME_CONFIG, module: RUNTIME_WASM });
runtime.remote.timer = setTimeout(ask, ASK_MS);
}
ask();
}
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
function unseal(value, origin) {
for (var i = 0; runtime.remote && origin === held.tokenOrigin && i < sealed.length; i++) {
if (value.indexOf(sealed[i].standIn) !== -1) {
return value.split(sealed[i].standIn).join(sealed[i].token);
}
}
return value;
}
function remoteMessage(message) {
var remote = runtime.remote;
var data = message.data;
if (!remote || !data || typeof data !== "object" || data.session !== remote.session) {
return;
}
if (message.type === "framesmith.runtimeReady" && runtime.state === "loading") {
clearTimeout(remote.timer);
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

  function onMessage(event) {
    // Only the CRM page this softphone is embedded in: its origin, and its window.
    if (event.origin !== CRM_ORIGIN || event.source !== window.parent) {
      return;
    }
    var message = event.data;
    if (typeof message === "string") {
      try {
        message = JSON.parse(message);
      } catch (e) {
        return;
      }
    }
    if (!message || typeof message.type !== "string") {
      return;
    }
    var has = Object.prototype.hasOwnProperty;
    if (has.call(REPLIES, message.type)) {
      var reply = REPLIES[message.type];
      var id = typeof message.requestId === "number" ? message.requestId : oldest(reply.request);
      settle(id, reply.request, reply.ok, reply.ok ? message.data : message.error);
    } else if (has.call(COMMANDS, message.type)) {
      COMMANDS[message.type](message.data);
    } else {
      runtimeMessage(message);
    }
  }

  window.Framework = {
    config: {
      name: "Acme Dynamics",
      clientIds: {
        "mypurecloud.com": "",
        "use2.us-gov-pure.cloud": "",
        "usw2.pure.cloud": "",
        "cac1.pure.cloud": "",
        "sae1.pure.cloud": "",
        "mxc1.pure.cloud": "",
        "mypurecloud.ie": "5b0c7e64-2f1d-4c8a-9e3b-7a41d2c9f015",
        "euw2.pure.cloud": "",
        "mypurecloud.de": "",
        "euc2.pure.cloud": "",
        "mec1.pure.cloud": "",
        "aps1.pure.cloud": "",
        "apse1.pure.cloud": "",
        "mypurecloud.com.au": "",
        "mypurecloud.jp": "",
        "apne2.pure.cloud": "",
        "apne3.pure.cloud": "",
        "edee1.eusc-pure.cloud": ""
      },
      customInteractionAttributes: ["PT_URLPop", "PT_SearchValue", "PT_TransferContext"],
      settings: {
        embedWebRTCByDefault: true,
        dedicatedLoginWindow: true,
        enableCallLogs: true,
        enableTransferContext: true,
        searchTargets: ["people", "queues", "frameworkContacts"],
        callControls: ["pickup", "transfer", "mute", "disconnect"],
        theme: {
          "primary": "#0b5cab",
          "text": "#ffffff"
        },
        usePKCEAuthFlow: true
      }
    },

    initialSetup: function () {
      window.addEventListener("message", onMessage);
      loadRuntime();
      window.PureCloud.subscribe([
        {
          type: "Interaction",
          callback: function (category, interaction) {
            post("interactionSubscription", { category: category, interaction: interaction });
            runtimeEvent({ category: category, interaction: interaction });
          }
        },
        {
          type: "UserAction",
          callback: function (category, data) {
            post("userActionSubscription", { category: category, data: data });
          }
        },
        {
          type: "Notification",
          callback: function (category, data) {
            post("notificationSubscription", { category: category, data: data });
          }
        }
      ]);
    },

    screenPop: function (searchString, interaction) {
      post("screenPop", { searchString: searchString, interaction: interaction });
      runtimeEvent({ searchString: String(searchString || ""), interaction: interaction });
    },

    processCallLog: function (callLog, interaction, eventName, onSuccess, onFailure) {
      if (runtimeSide(OP.callLog, "call_log", { callLog: callLog, interaction: interaction, eventName: eventName }, onSuccess, onFailure)) {
        return;
      }
      var data = { callLog: callLog, interaction: interaction, eventName: eventName };
      request("processCallLog", data, function (result) {
        if (result && result.id !== undefined && result.id !== null) {
          onSuccess({ id: result.id });
        } else {
          onFailure({ reason: "the CRM page answered without a call-log id" });
        }
      }, onFailure);
    },

    openCallLog: function (callLog, interaction) {
      post("openCallLog", { callLog: callLog, interaction: interaction });
    },

    // Counters for the console: window.Framework.framesmith.stats()
    framesmith: { version: RUNTIME_VERSION, stats: stats },

    contactSearch: function (searchValue, onSuccess, onFailure) {
      if (runtimeSide(OP.contacts, "contact_search", { searchValue: String(searchValue || "") }, onSuccess, onFailure)) {
        return;
      }
      request("contactSearch", { searchString: searchValue }, function (contacts) {
        onSuccess(Array.isArray(contacts) ? contacts : []);
      }, onFailure);
    }
  };
})();
