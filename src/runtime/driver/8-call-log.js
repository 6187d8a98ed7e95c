  // One call log per interaction (issue 27). The first processCallLog creates it through
  // call_log and answers the CRM's id; every later one carries that id (the client gives
  // it back, or this tab knows it) and updates the same log through call_log_update. A
  // write that comes while the create is under way waits for its id instead of creating a
  // second log. Across tabs one tab creates it (claimed as a pop is) and tells the others
  // the id over the channel; they answer with that id and never write the create again.
  // A failed write is the CRM's words in onFailure, and the agent is told once.
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

  // The log's id is known (written here, or by another tab): the writes that waited go.
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
    // The next write claims the create afresh.
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
          // Another tab creates it: this write is that one, answered with its id (which
          // may have come already).
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

  // Another tab's call log: its id, or why it could not be created.
  function sharedLog(m) {
    var entry = logOf(m.interactionId);
    if (m.kind === "logged" && typeof m.id === "string" && !entry.id) {
      logCreated(entry, m.interactionId, m.id, false);
    } else if (m.kind === "logFailed" && entry.creating && !entry.id) {
      logNotCreated(entry, String(m.cause || "the other tab could not write the call log"), false, m.interactionId);
    }
  }
