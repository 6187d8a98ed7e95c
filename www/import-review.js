// The review of an imported framework.js (issue 11): before anything changes the workspace,
// the admin sees what `framesmith lint` says of the file, the deployment read from it and
// what the import left out, each finding linked to its line in a read-only view of the
// file; only "Add as new deployment" changes the workspace.

import { el } from './controls.js';

const $ = (id) => document.getElementById(id);

/** Lines shown in the read-only view, at most, and characters per line: a minified file is
 *  one line of megabytes, which no one reads in a page. */
const MAX_LINES = 20_000;
const MAX_LINE = 2_000;

const SEVERITY = { error: 'Error', warning: 'Warning', info: 'Note' };

function count(findings) {
  const n = (s) => findings.filter((f) => f.severity === s).length;
  const part = (k, word) => (k === 1 ? `1 ${word}` : `${k} ${word}s`);
  return `${part(n('error'), 'error')}, ${part(n('warning'), 'warning')}, ${part(n('info'), 'note')}`;
}

function sourceView(text) {
  const lines = text.split('\n');
  const shown = lines.slice(0, MAX_LINES).map((line, i) => el('span', {
    class: 'src-line', id: `import-src-${i + 1}`, 'data-line': String(i + 1),
    text: line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line,
  }));
  const pre = el('pre', { class: 'src', tabindex: '0', role: 'region', 'aria-label': 'The imported file (read-only)' }, ...shown);
  if (lines.length > MAX_LINES) pre.append(el('span', { class: 'src-more', text: `… ${lines.length - MAX_LINES} more lines not shown` }));
  return pre;
}

function showLine(view, line) {
  for (const old of view.querySelectorAll('[aria-current=true]')) old.removeAttribute('aria-current');
  const target = view.querySelector(`#import-src-${line}`);
  if (!target) return;
  target.setAttribute('aria-current', 'true');
  target.scrollIntoView({ block: 'center' });
  view.focus({ preventScroll: true });
}

/**
 * One finding as a list item; `onLine(line)` shows the line a finding is at, and `noLine`
 * (if given) says where a finding without a line is.
 */
export function findingItem(f, onLine, noLine) {
  const where = f.line
    ? el('button', { type: 'button', class: 'link', onclick: () => onLine(f.line), text: `Line ${f.line}, column ${f.column}` })
    : noLine ? el('span', { class: 'why', text: noLine }) : null;
  return el('li', { class: `sev-${f.severity}` },
    el('span', { class: 'sev', text: `${SEVERITY[f.severity] ?? f.severity}: ` }),
    el('span', { text: f.message }), ' ',
    el('span', { class: 'code', text: f.code }),
    el('span', { class: 'hint', text: f.hint }),
    where);
}

function deploymentSummary(d) {
  const row = (k, v) => [el('dt', { text: k }), el('dd', { text: v ?? '(not in the file)' })];
  return el('dl', { class: 'imported' },
    ...row('Name', d.name),
    ...row('Region', d.region),
    ...row('OAuth client id', d.client_id),
    ...row('CRM origin', d.crm_origin),
    ...row('Interaction attributes', (d.custom_interaction_attributes ?? []).join(', ') || undefined),
    ...row('Settings', Object.keys(d.settings ?? {}).join(', ') || undefined));
}

/**
 * Show the review of `imported` (what importFrameworkJs gave for `text`, read from a file
 * named `name`). Resolves true when the admin adds the deployment, false when they cancel.
 */
export function reviewImport(name, text, imported) {
  const dialog = $('import-review');
  const view = sourceView(text);
  const findings = imported.findings ?? [];
  const notes = imported.diagnostics ?? [];
  const d = imported.workspace.deployment[0];
  $('import-review-h').textContent = `Import ${name}`;
  $('import-review-body').replaceChildren(
    el('div', { class: 'review-left' },
    el('section', { 'aria-labelledby': 'import-findings-h' },
      el('h3', { id: 'import-findings-h', text: `framesmith lint: ${count(findings)}` }),
      findings.length
        ? el('ul', { class: 'findings', 'aria-label': 'Findings' }, ...findings.map((f) => findingItem(f, (line) => showLine(view, line))))
        : el('p', { text: 'No findings: the file is as the Embeddable Framework expects it.' })),
    el('section', { 'aria-labelledby': 'import-deployment-h' },
      el('h3', { id: 'import-deployment-h', text: 'The deployment read from the file' }),
      deploymentSummary(d),
      notes.length ? el('h4', { text: 'Left out or changed by the import' }) : null,
      notes.length ? el('ul', { class: 'findings', 'aria-label': 'Import notes' }, ...notes.map((f) => findingItem(f, (line) => showLine(view, line)))) : null)),
    el('section', { 'aria-labelledby': 'import-source-h', class: 'source' },
      el('h3', { id: 'import-source-h', text: name }),
      view));
  return new Promise((resolve) => {
    const done = (ok) => () => { dialog.close(); resolve(ok); };
    $('import-accept').onclick = done(true);
    $('import-cancel').onclick = done(false);
    dialog.oncancel = () => resolve(false);
    dialog.showModal();
    $('import-accept').focus();
  });
}
