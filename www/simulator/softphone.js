// The simulated Genesys Cloud client: this page plays the softphone, at a second origin of
// this machine (localhost beside 127.0.0.1), as the real one is a cross-site iframe in the
// CRM page. It runs the framework.js the simulator hands it, with a fake `window.PureCloud`
// whose every call is reported to the simulator, and fires the Interaction events the
// simulator's controls ask for. It takes orders from the simulator's window and origin only.

import { otherOrigin } from './origins.js';

const SIMULATOR = otherOrigin(window.location);
const status = document.getElementById('status');
let subscriptions = [];

const tell = (message) => window.parent.postMessage(message, SIMULATOR);
// Arguments as JSON sees them: what framework.js gave, without functions or cycles.
const plain = (v) => {
  try {
    return JSON.parse(JSON.stringify(v ?? null));
  } catch {
    return String(v);
  }
};
const record = (name) => (arg) => tell({ sim: 'call', name, arg: plain(arg) });

window.PureCloud = {
  subscribe: (s) => {
    subscriptions = Array.isArray(s) ? s : [];
    tell({ sim: 'call', name: 'subscribe', arg: subscriptions.map((x) => x.type) });
  },
  clickToDial: record('clickToDial'),
  addAssociation: record('addAssociation'),
  addCustomAttributes: record('addCustomAttributes'),
  addTransferContext: record('addTransferContext'),
  Interaction: { updateState: record('Interaction.updateState') },
  User: {
    updateStatus: record('User.updateStatus'),
    setView: record('User.setView'),
    // The agent's Genesys token (the proxy route's): made up, as nothing here checks it.
    getAuthToken: (cb) => {
      tell({ sim: 'call', name: 'User.getAuthToken', arg: null });
      cb('simulated-genesys-token');
    },
    Notification: {
      notifyUser: record('User.Notification.notifyUser'),
      setAudioConfiguration: record('User.Notification.setAudioConfiguration'),
    },
  },
};

function fire(category, interaction) {
  const s = subscriptions.find((x) => x.type === 'Interaction');
  if (!s || typeof s.callback !== 'function') {
    tell({ sim: 'error', message: 'framework.js subscribed to no Interaction events' });
    return;
  }
  s.callback(category, interaction);
}

function load(text) {
  const script = document.createElement('script');
  script.src = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
  script.onload = () => {
    try {
      window.Framework.initialSetup();
      status.textContent = 'framework.js loaded';
      tell({ sim: 'loaded' });
    } catch (e) {
      tell({ sim: 'error', message: `initialSetup threw: ${e.message}` });
    }
  };
  script.onerror = () => tell({ sim: 'error', message: 'framework.js did not load' });
  document.head.append(script);
}

window.addEventListener('message', (event) => {
  if (event.origin !== SIMULATOR || event.source !== window.parent) return;
  const m = event.data;
  if (!m || typeof m !== 'object' || typeof m.sim !== 'string') return;
  switch (m.sim) {
    case 'load': load(String(m.framework)); break;
    case 'fire': fire(m.category, m.interaction); break;
    case 'screenPop':
      if (typeof window.Framework?.screenPop === 'function') window.Framework.screenPop(m.searchString, m.interaction);
      break;
    case 'callLog':
      // As the client calls it when the agent saves the call log or wraps up.
      if (typeof window.Framework?.processCallLog === 'function') {
        window.Framework.processCallLog(m.callLog, m.interaction, String(m.eventName),
          (r) => tell({ sim: 'callLogged', ok: plain(r) }), (e) => tell({ sim: 'callLogged', failed: plain(e) }));
      }
      break;
    case 'stats': {
      const fsm = window.Framework?.framesmith;
      tell({ sim: 'stats', stats: fsm ? plain(fsm.stats()) : null });
      break;
    }
    default:
  }
});

tell({ sim: 'hello' });
