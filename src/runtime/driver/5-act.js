  // Carrying out the module's actions: fetches, side calls and pops.
  function sendFetch(a) {
    if (a.afterMs > 0) {
      // A retry after a 429 or 503: the module said how long to wait.
      setTimeout(function () {
        a.afterMs = 0;
        sendFetch(a);
      }, Math.min(MAX_TIMER_MS, a.afterMs));
      return;
    }
    // Each fetch names its route: a media table may take another than the deployment's.
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
      // What the agent may choose among (the host adapter's choose()).
      p.choices = a.choices;
      remember(a.interactionId);
      offered[a.interactionId] = a.choices;
    }
    // Where the CRM page's host adapter opens it (screen_pop.open): one tab per deployment.
    var open = RUNTIME_CONFIG.workspace.deployment[0].screen_pop.open;
    if (open === "new_tab" || open === "same_tab_frame") {
      p.open = open;
      p.tab = "framesmith-pop:" + RUNTIME_NAME;
    }
    post("framesmith.pop", p);
    if (a.kind === "single" && a.association) {
      // The call log relates to the record the call popped.
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
        // "Customer", not "caller": every kind of interaction pops (a chat has no caller).
        message: "Screen pop could not look the customer up: " + a.cause,
        type: "error"
      });
    }
  }
