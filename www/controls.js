// Form controls shared by the deployment editor and the Integrations view: one control per
// field description ({path, label, type, help, ...}), reading its value from the workspace
// and writing it back through `ctx.setValue`, and registering itself in `ctx.controls` so
// the page can show each finding beside the field its JSON pointer names.

export const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...kids.filter((k) => k !== null && k !== undefined));
  return e;
};

/** Whether `value` survives a round trip through a control of type `type`; a value that
 *  would not (a header that is a number, a group with more keys) is edited as JSON. */
export function fits(type, value) {
  if (value === undefined) return true;
  const plain = (v) => v && typeof v === 'object' && !Array.isArray(v);
  switch (type) {
    case 'lines': return Array.isArray(value) && value.every((x) => typeof x === 'string' && x.trim() === x && x && !x.includes('\n'));
    case 'pairs': return plain(value) && Object.entries(value).every(([k, v]) =>
      typeof v === 'string' && k && k.trim() === k && !/[:\n]/.test(k) && v.trim() === v && !v.includes('\n'));
    case 'groups': return Array.isArray(value) && value.every((g) => plain(g)
      && Object.keys(g).every((k) => k === 'id' || k === 'role') && typeof g.id === 'string' && g.id.trim() === g.id
      && g.id && !/[:\n]/.test(g.id) && (g.role === undefined || (typeof g.role === 'string' && g.role && g.role.trim() === g.role && !/[:\n]/.test(g.role))));
    case 'text': case 'lines-text': return typeof value === 'string';
    case 'int': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    default: return true;
  }
}

export const idFor = (path) => 'f' + path.replace(/[^A-Za-z0-9_]/g, '-');

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A control's value as the workspace holds it; `{invalid}` when the text cannot be one yet
 *  (the workspace keeps its last value and the control says why). */
export function readControl(f, input) {
  const v = input.value;
  switch (f.type) {
    case 'int': {
      const t = v.trim();
      if (t === '') return undefined;
      return /^-?\d+$/.test(t) ? Number(t) : t; // not a number: kept, and the checks say so
    }
    case 'number': {
      const t = v.trim();
      if (t === '') return undefined;
      return NUMBER.test(t) ? Number(t) : t;
    }
    case 'lines': {
      const items = v.split('\n').map((s) => s.trim()).filter(Boolean);
      return items.length ? items : undefined;
    }
    case 'pairs': {
      // One `key: value` per line; order is kept, as the workspace keeps it.
      const out = {};
      const lines = v.split('\n');
      for (let n = 0; n < lines.length; n++) {
        const line = lines[n].trim();
        if (!line) continue;
        const at = line.indexOf(':');
        if (at <= 0) return { invalid: `Line ${n + 1} needs a name, a colon and a value, such as ${f.example ?? 'name: value'}.` };
        out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
      }
      return Object.keys(out).length ? out : undefined;
    }
    case 'groups': {
      // One group per line, `group` or `group: role` (a role never holds a colon).
      const groups = v.split('\n').map((s) => s.trim()).filter(Boolean).map((line) => {
        const at = line.lastIndexOf(':');
        return at > 0 ? { id: line.slice(0, at).trim(), role: line.slice(at + 1).trim() } : { id: line };
      });
      return groups.length ? groups : undefined;
    }
    case 'bool': return input.checked;
    default: return v === '' && !f.keepEmpty ? undefined : v;
  }
}

function options(f, ctx) {
  if (f.type === 'region') {
    return [{ value: '', text: `Same as the org (${ctx.ws().org?.region ?? 'not set'})` },
      ...ctx.cat.regions.map((r) => ({ value: r.code, text: `${r.name} — ${r.code} (${r.domain})` }))];
  }
  return [...(f.blank ? [{ value: '', text: f.blank }] : []), ...f.options];
}

export function control(f, abs, value, ctx) {
  const $ = (id) => document.getElementById(id);
  const id = idFor(abs);
  const err = el('p', { class: 'err', id: `${id}-err` });
  const help = f.help ? el('p', { class: 'help', id: `${id}-help`, text: f.help }) : null;
  const described = [err.id, help?.id].filter(Boolean).join(' ');
  const wrap = el('div', { class: 'field' });
  let inputs = [];
  const setValue = (v) => ctx.setValue(abs, v, { rebuild: f.rebuild });
  const onInput = (input) => () => setValue(readControl(f, input));
  switch (f.type) {
    case 'select': case 'region': {
      const s = el('select', { id, 'aria-describedby': described });
      const opts = options(f, ctx);
      const current = value ?? (f.def ?? '');
      // A value the list does not offer (a typo, a number) stays visible as written.
      const written = typeof current === 'string' ? current : JSON.stringify(current);
      if (!opts.some((o) => o.value === written)) opts.push({ value: written, text: `${written} (as written)`, asWritten: true });
      s.append(...opts.map((o) => el('option', { value: o.value, text: o.text })));
      s.value = written;
      s.addEventListener('change', () => {
        const o = opts.find((x) => x.value === s.value);
        setValue(s.value === '' ? undefined : o?.asWritten ? current : (o && 'data' in o) ? o.data : s.value);
      });
      inputs = [s];
      wrap.append(el('label', { for: id, text: f.label }), s);
      break;
    }
    case 'bool': {
      const c = el('input', { type: 'checkbox', id, 'aria-describedby': described });
      c.checked = value === true || (value === undefined && f.def === true);
      c.addEventListener('change', onInput(c));
      inputs = [c];
      wrap.append(el('div', { class: 'checks' }, el('label', { for: id }, c, f.label)));
      break;
    }
    case 'multi': case 'scopes': {
      const isScopes = f.type === 'scopes';
      const list = Array.isArray(value) ? value : [];
      const group = el('fieldset', { 'aria-describedby': described });
      group.append(el('legend', { text: f.label }));
      if (isScopes) {
        const dflt = el('input', { type: 'checkbox', id: `${id}-default` });
        dflt.checked = value === undefined;
        dflt.addEventListener('change', () => setValue(dflt.checked ? undefined : [...ctx.cat.requiredScopes]));
        group.append(el('label', { for: dflt.id, class: 'req' }, dflt, ' Use the Embeddable Framework’s required set (recommended)'));
        inputs.push(dflt);
      }
      const required = new Set(isScopes ? ctx.cat.requiredScopes : []);
      const opts = isScopes ? ctx.cat.scopes.map((s) => ({ value: s, text: s })) : [...f.options];
      for (const extra of list.filter((x) => !opts.some((o) => o.value === x))) opts.push({ value: extra, text: `${extra} (as written)` });
      const boxes = el('div', { class: 'checks' });
      if (!isScopes || value !== undefined) {
        for (const o of opts) {
          const cid = `${id}-${o.value.replace(/[^A-Za-z0-9_]/g, '-')}`;
          const c = el('input', { type: 'checkbox', id: cid, value: o.value });
          c.checked = list.includes(o.value);
          c.addEventListener('change', () => {
            const chosen = opts.map((x) => x.value).filter((v) => $(`${id}-${v.replace(/[^A-Za-z0-9_]/g, '-')}`)?.checked);
            setValue(chosen.length || isScopes ? chosen : undefined);
          });
          inputs.push(c);
          boxes.append(el('label', { for: cid }, c, o.text, required.has(o.value) ? el('span', { class: 'req', text: ' (required)' }) : null));
        }
      }
      group.append(boxes);
      wrap.append(group);
      break;
    }
    case 'json': case 'other': {
      let shown = value;
      if (f.type === 'other') {
        shown = Object.fromEntries(Object.entries(value ?? {}).filter(([k]) => !f.known.has(k)));
        if (!Object.keys(shown).length) shown = undefined;
      }
      const t = el('textarea', { id, spellcheck: 'false', rows: f.rows });
      t.value = shown === undefined ? '' : JSON.stringify(shown, null, 2);
      const local = el('p', { class: 'err', id: `${id}-json` });
      t.setAttribute('aria-describedby', `${local.id} ${described}`);
      t.addEventListener('input', () => {
        let parsed;
        try {
          parsed = t.value.trim() === '' ? undefined : JSON.parse(t.value);
          local.textContent = '';
          t.removeAttribute('aria-invalid');
        } catch (e) {
          local.textContent = `Not valid JSON yet (${e.message}); the workspace keeps the last valid value.`;
          t.setAttribute('aria-invalid', 'true');
          return;
        }
        if (f.type === 'json') return setValue(parsed);
        if (parsed !== undefined && (typeof parsed !== 'object' || Array.isArray(parsed) || parsed === null)) {
          local.textContent = `${f.label} must be a JSON object such as {"key": true}.`;
          return;
        }
        // Only the keys no other control shows are replaced.
        const all = structuredClone(ctx.get(abs)) ?? {};
        for (const k of Object.keys(all)) if (!f.known.has(k)) delete all[k];
        Object.assign(all, parsed ?? {});
        setValue(Object.keys(all).length ? all : undefined);
      });
      inputs = [t];
      wrap.append(el('label', { for: id, text: f.label }), t, local);
      break;
    }
    default: {
      const multiline = ['lines', 'pairs', 'groups', 'lines-text'].includes(f.type);
      const i = multiline
        ? el('textarea', { id, rows: f.rows ?? 3, spellcheck: 'false' })
        : el('input', { id, type: 'text', autocomplete: 'off', spellcheck: 'false', list: f.list, placeholder: f.placeholder });
      if (f.type === 'lines') i.value = Array.isArray(value) ? value.join('\n') : value ?? '';
      else if (f.type === 'groups' && Array.isArray(value)) {
        i.value = value.map((g) => (g?.role ? `${g.id}: ${g.role}` : g?.id ?? '')).join('\n');
      }
      else if (f.type === 'pairs' && value && typeof value === 'object' && !Array.isArray(value)) {
        i.value = Object.entries(value).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
      } else i.value = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
      if (f.type === 'int' || f.type === 'number') i.setAttribute('inputmode', f.type === 'int' ? 'numeric' : 'decimal');
      let local = null;
      if (f.type === 'pairs') {
        local = el('p', { class: 'err', id: `${id}-pairs` });
        i.setAttribute('aria-describedby', `${local.id} ${described}`);
        i.addEventListener('input', () => {
          const v = readControl(f, i);
          if (v?.invalid) {
            local.textContent = `${v.invalid} The workspace keeps the last complete value.`;
            i.setAttribute('aria-invalid', 'true');
            return;
          }
          local.textContent = '';
          setValue(v);
        });
      } else {
        i.setAttribute('aria-describedby', described);
        i.addEventListener('input', onInput(i));
      }
      inputs = [i];
      wrap.append(...[el('label', { for: id, text: f.label }), i, local].filter(Boolean));
    }
  }
  // A field other controls depend on (an enum's options feed its default's choices) redraws
  // the form when the user leaves it, not on every keystroke, so typing is never disturbed.
  if (f.redrawOnChange) inputs[0]?.addEventListener('change', () => ctx.redraw());
  if (help) wrap.append(help);
  wrap.append(err);
  ctx.controls.set(abs, { err, inputs });
  return wrap;
}
