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
