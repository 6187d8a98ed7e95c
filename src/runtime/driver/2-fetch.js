  // Fetching: bodies read up to their limit, Retry-After, the proxy and direct routes'
  // requests, and each answer handed back to the module.
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
    var origin = "";
    try {
      origin = new URL(a.request.url).origin;
    } catch (e) {
      origin = "";
    }
    if (token && origin !== held.genesysOrigin) {
      // The module asks for Genesys' data action API only; wherever it runs, the agent's
      // token goes nowhere else.
      return Promise.reject(new Error("the Genesys token goes only to " + held.genesysOrigin + ", not to " + origin));
    }
    var headers = token ? { Authorization: "Bearer " + token } : {};
    for (var k = 0; k < a.request.headers.length; k++) {
      // A token the module holds as a stand-in (9-elsewhere.js) goes out as itself.
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
