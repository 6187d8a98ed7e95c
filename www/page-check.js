// The check of the CRM page around the softphone (issue 25, `framesmith doctor` in the
// page): the admin pastes the page's source and its response headers, and the import
// module's doctorPage() says what Chromium will refuse, for the deployment being edited.
// Nothing is fetched from here: a browser cannot read another site's page and headers.

import { findingItem } from './import-review.js';

const $ = (id) => document.getElementById(id);

// Selects line `line` of the pasted source, so the admin sees what a finding is about.
function showLine(area, line) {
  const text = area.value;
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  area.focus();
  area.setSelectionRange(start, end === -1 ? text.length : end);
}

/**
 * Wires the dialog: `module()` resolves to the import module, `current()` gives the
 * workspace and the index of the deployment being edited.
 */
export function setupPageCheck(module, current) {
  const dialog = $('page-check');
  const run = async () => {
    const { ws, index } = current();
    const out = $('page-check-results');
    try {
      const found = (await module()).doctorPage(ws, index, $('page-check-html').value,
        $('page-check-headers').value, $('page-check-url').value);
      const n = (s, word) => {
        const k = found.filter((f) => f.severity === s).length;
        return k === 1 ? `1 ${word}` : `${k} ${word}s`;
      };
      $('page-check-count').textContent = found.length
        ? `${n('error', 'error')}, ${n('warning', 'warning')}, ${n('info', 'note')} for ${ws.deployment[index]?.name ?? 'this deployment'}`
        : `No problems found for ${ws.deployment[index]?.name ?? 'this deployment'}.`;
      const area = $('page-check-html');
      out.replaceChildren(...found.map((f) => findingItem(f, (line) => showLine(area, line), 'response headers')));
    } catch (e) {
      $('page-check-count').textContent = `Cannot check the page: ${e.message}`;
      out.replaceChildren();
    }
  };
  $('check-page').addEventListener('click', () => {
    $('page-check-count').textContent = '';
    $('page-check-results').replaceChildren();
    dialog.showModal();
    $('page-check-html').focus();
  });
  $('page-check-run').addEventListener('click', run);
  $('page-check-close').addEventListener('click', () => dialog.close());
}
