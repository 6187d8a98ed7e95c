  // Stats for the page, and the host adapter's answers (host route).
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
  // were checked by onMessage. Only a fetch the host adapter was given: never one the
  // softphone sends itself (proxy, direct), which the page has no say in.
  function runtimeMessage(message) {
    var data = message.data;
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
