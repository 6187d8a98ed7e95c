  // Stats for the page, and the host adapter's answers (host route).
  function stats() {
    var s = { lookups: 0, single: 0, multiple: 0, none: 0, failed: 0 };
    if (runtime.state === "ready" && runtime.remote) {
      // As of the CRM page's last answer; a copy, as the counters below are added to it.
      s = Object.assign({}, runtime.remote.stats || s);
    } else if (runtime.state === "ready") {
      try {
        s = runtimeCall(OP.stats, {});
      } catch (e) {
        s.error = reason(e);
      }
    }
    // A choice turns a pop with several records into one with its record.
    s.multiple = (s.multiple || 0) - choices;
    s.single = (s.single || 0) + choices;
    s.choices = choices;
    // The plain module creates nothing, and does not say so.
    s.created = s.created || 0;
    s.state = runtime.state;
    // Where the module runs: "softphone", "crm-page" (Genesys' page refused it), or null.
    s.runtimeIn = runtime.place;
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

  // The agent's choice among a pop's records (the host adapter's choose()): only a record
  // this tab offered, for an interaction still in the client. The softphone links the
  // interaction to it (addAssociation, with the mapped display name); the agent may change
  // the choice, and each interaction counts as one choice.
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

  // Click-to-dial from the CRM page (the host adapter's dial()): the number as E.164 with
  // the deployment's default country, never dialled as typed; the outbound call it places
  // is linked to the record the page named, and given the page's attributes.
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

  // An outbound call to a number a dial asked for: linked as the page said.
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
