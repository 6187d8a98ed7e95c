  // Choosing one tab among several for each call.
  // One tab pops each call. The softphone runs as a cross-site iframe, where Web Locks are
  // refused and storage is partitioned by the CRM's site; a BroadcastChannel still joins
  // the softphones of every tab of that CRM. A tab that knows of others claims the call,
  // waits CLAIM_MS for other claims and goes on only if its claim is best: a visible tab
  // before a hidden one, then the lowest tab id. A call claimed elsewhere is left alone.
  var CLAIM_MS = 150;
  var tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var peers = {};
  var claims = Object.create(null);
  var decided = Object.create(null);
  // Calls this tab has seen claimed or decided, oldest first: at most MAX_REMEMBERED, so a
  // shift's calls do not accumulate (the module itself never pops a call twice).
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

  // `lost` (optional) runs when another tab won the claim.
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
