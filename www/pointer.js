// JSON pointers (RFC 6901) over the workspace object, as the diagnostics use them.

export function tokens(pointer) {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function join(base, ...parts) {
  return base + parts.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function get(doc, pointer) {
  let cur = doc;
  for (const t of tokens(pointer)) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, t)) return undefined;
    cur = cur[t];
  }
  return cur;
}

/** Set (or, with `undefined`, remove) the value at `pointer`, creating objects on the way.
 *  Emptied parent objects are removed too, so clearing every screen-pop field removes
 *  the table rather than leaving `screen_pop = {}` behind. */
export function set(doc, pointer, value) {
  const ts = tokens(pointer);
  const chain = [doc];
  let cur = doc;
  for (const t of ts.slice(0, -1)) {
    if (cur[t] === null || typeof cur[t] !== 'object') {
      if (value === undefined) return;
      cur[t] = {};
    }
    cur = cur[t];
    chain.push(cur);
  }
  const last = ts[ts.length - 1];
  if (value === undefined) {
    if (Array.isArray(cur)) cur.splice(Number(last), 1);
    else delete cur[last];
    for (let i = chain.length - 1; i > 0; i--) {
      const o = chain[i];
      // An emptied list entry stays: removing it would shift its neighbours' indices.
      if (Array.isArray(o) || Object.keys(o).length || Array.isArray(chain[i - 1])) break;
      delete chain[i - 1][ts[i - 1]];
    }
  } else {
    cur[last] = value;
  }
}

export function equal(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
}

export const clone = (v) => (v === undefined ? undefined : structuredClone(v));
