/*! framesmith 0.1.0 sha256:001db31db8ded5bc69626db7e017ff50778d5d2c56d02a42f61003c0fbff66bf */
(function () {
  "use strict";

  // The CRM page that embeds this softphone: the only window messages go to or come from.
  var CRM_ORIGIN = "https://acme.lightning.force.com";
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
    }
  }

  window.Framework = {
    config: {
      name: "Acme Salesforce Pilot",
      clientIds: {
        "mypurecloud.com": "",
        "use2.us-gov-pure.cloud": "",
        "usw2.pure.cloud": "",
        "cac1.pure.cloud": "",
        "sae1.pure.cloud": "",
        "mxc1.pure.cloud": "",
        "mypurecloud.ie": "c3d9a1f2-8b47-4e06-a5d2-0f6e9b3c7a18",
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
      customInteractionAttributes: ["PT_URLPop"],
      settings: {
        enableCallLogs: false,
        searchTargets: ["people", "queues"],
        usePKCEAuthFlow: true
      }
    },

    initialSetup: function () {
      window.addEventListener("message", onMessage);
      window.PureCloud.subscribe([
        {
          type: "Interaction",
          callback: function (category, interaction) {
            post("interactionSubscription", { category: category, interaction: interaction });
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
    },

    processCallLog: function (callLog, interaction, eventName, onSuccess, onFailure) {
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

    contactSearch: function (searchValue, onSuccess, onFailure) {
      request("contactSearch", { searchString: searchValue }, function (contacts) {
        onSuccess(Array.isArray(contacts) ? contacts : []);
      }, onFailure);
    }
  };
})();
