// The workspace's home in the browser: IndexedDB, shared by every tab of the page.
// Each change is a small operation applied inside one IndexedDB transaction to the stored
// workspace, guarded by what the tab saw before it: two tabs therefore never overwrite each
// other silently (the second is refused and shown the latest), and the five private slots
// are counted in the stored workspace, so two tabs cannot together take a sixth.

import { get, set, equal } from './pointer.js';

const DB = 'framesmith';
const STORE = 'workspace';
const KEY = 'current';
export const MAX_PRIVATE = 5;

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export const privateCount = (ws, except = -1) =>
  (ws.deployment || []).filter((d, i) => i !== except && (d?.kind ?? 'private') === 'private').length;

/** Apply an operation to a workspace, or say why not. Pure: the same guard runs in the
 *  tab (before showing the change) and in the transaction (against the stored copy). */
export function apply(ws, op) {
  switch (op.type) {
    case 'set': {
      if (!equal(get(ws, op.path), op.before)) return { conflict: op.path };
      const m = /^\/deployment\/(\d+)\/kind$/.exec(op.path);
      if (m && op.after !== 'public' && (op.before ?? 'private') === 'public'
          && privateCount(ws, Number(m[1])) >= MAX_PRIVATE) {
        return { refused: 'private-limit' };
      }
      set(ws, op.path, structuredClone(op.after));
      return {};
    }
    case 'add-deployment': {
      if ((op.deployment.kind ?? 'private') === 'private' && privateCount(ws) >= MAX_PRIVATE) {
        return { refused: 'private-limit' };
      }
      (ws.deployment ||= []).push(structuredClone(op.deployment));
      return {};
    }
    case 'delete-deployment': {
      if (!equal(ws.deployment?.[op.index], op.before)) return { conflict: `/deployment/${op.index}` };
      ws.deployment.splice(op.index, 1);
      if (!ws.deployment.length) delete ws.deployment;
      return {};
    }
    case 'replace':
      return { replace: structuredClone(op.workspace) };
    default:
      return { conflict: '' };
  }
}

export class Store {
  constructor(onExternal) {
    this.rev = 0;
    this.channel = new BroadcastChannel(DB);
    this.channel.onmessage = (e) => {
      if (e.data?.rev > this.rev) onExternal();
    };
    this.queue = Promise.resolve();
  }

  async load() {
    this.db ??= await open();
    return new Promise((resolve, reject) => {
      const req = this.db.transaction(STORE).objectStore(STORE).get(KEY);
      req.onsuccess = () => {
        const rec = req.result;
        if (rec) this.rev = rec.rev;
        resolve(rec ?? null);
      };
      req.onerror = () => reject(req.error);
    });
  }

  /** Commit `op` against the stored workspace. Resolves to {rev} when saved, or to
   *  {conflict|refused, record} with the stored record when the guard failed. Operations
   *  from one tab are committed in order. */
  commit(op) {
    const run = () => new Promise((resolve, reject) => {
      const tx = this.db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      let outcome;
      const req = store.get(KEY);
      req.onsuccess = () => {
        const rec = req.result ?? { rev: 0, workspace: null };
        // A replacement (an import, or the example on first run) must start from what the
        // tab last saw; `baseRev: 0` means "only if nothing is stored yet".
        if (op.type === 'replace') {
          if (op.baseRev !== undefined && rec.rev !== op.baseRev) {
            outcome = { conflict: '', record: rec };
            return;
          }
          const next = { rev: rec.rev + 1, workspace: op.workspace };
          store.put(next, KEY);
          outcome = { rev: next.rev };
          return;
        }
        const ws = rec.workspace;
        if (ws === null) {
          outcome = { conflict: '', record: rec };
          return;
        }
        const r = apply(ws, op);
        if (r.conflict !== undefined || r.refused) {
          outcome = { ...r, record: rec };
          return;
        }
        const next = { rev: rec.rev + 1, workspace: ws };
        store.put(next, KEY);
        outcome = { rev: next.rev };
      };
      tx.oncomplete = () => {
        if (outcome.rev) {
          this.rev = outcome.rev;
          this.channel.postMessage({ rev: outcome.rev });
        } else if (outcome.record) {
          this.rev = outcome.record.rev;
        }
        resolve(outcome);
      };
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => {});
    return p;
  }
}
