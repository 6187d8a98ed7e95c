// After the pop, in the simulator (issue 27): the agent's choice among several records, the
// call log as the demo CRM keeps it (created once, then updated on every save and at
// wrap-up, through framework.js's processCallLog as the client calls it), and click-to-dial
// from the dial pad and from the tel: links of the demo CRM's account pages.

/**
 * `host` is what attach() returned; `tell` posts to the softphone page; `interaction()` the
 * interaction the call log is for (the current one, else the last); `demo` the demo CRM.
 */
export function afterPop({ host, $, log, tell, interaction, demo }) {
  // The id the CRM gave the interaction's call log: the client hands it back on every
  // later processCallLog, as this does.
  const logs = new Map();

  function decorate(li, pop) {
    if (pop.kind !== 'multiple' || !Array.isArray(pop.choices)) return;
    const out = document.createElement('span');
    out.className = 'pop-choices';
    for (const c of pop.choices) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'secondary';
      b.textContent = `Choose ${c.text}`;
      b.addEventListener('click', () => host.choose(pop.interactionId, c.id).then(
        () => { out.textContent = ` linked to ${c.text} (${c.id})`; },
        (e) => { out.textContent = ` not linked: ${e.message}`; },
      ));
      out.append(' ', b);
    }
    li.append(out);
  }

  function saveLog(eventName) {
    const i = interaction();
    if (!i) {
      $('log-status').textContent = 'Ring an interaction first: a call log belongs to one.';
      return;
    }
    const callLog = { notes: $('log-notes').value, subject: $('log-subject').value };
    if (logs.has(i.id)) callLog.id = logs.get(i.id);
    log('processCallLog', `${eventName} ${JSON.stringify(callLog)}`);
    tell({ sim: 'callLog', callLog, interaction: i, eventName });
  }

  async function showActivities() {
    try {
      const { items } = await (await fetch(`${demo}/activities`)).json();
      const list = $('activities');
      list.replaceChildren(...items.slice(-10).map((a) => {
        const li = document.createElement('li');
        const f = a.fields ?? {};
        li.textContent = `${a.id}: ${f['callLog.notes'] ?? ''} (${f.eventName ?? ''}${f['record.id'] ? `, record ${f['record.id']}` : ''})`;
        return li;
      }));
    } catch {
      // The saved-responses CRM keeps no activities.
    }
  }

  function logged(m) {
    const i = interaction();
    if (m.ok && m.ok.id !== undefined && i) {
      logs.set(i.id, String(m.ok.id));
      $('log-status').textContent = `Written: activity ${m.ok.id}.`;
    } else {
      $('log-status').textContent = `Not written: ${m.failed?.reason ?? 'no answer'}.`;
    }
    showActivities();
  }

  function dial(number, options = {}) {
    host.dial(number, options).then(
      ({ number: n }) => { $('dial-status').textContent = `Dialled ${n}.`; },
      (e) => { $('dial-status').textContent = e.message; },
    );
  }

  $('log-save').addEventListener('click', () => saveLog('interactionChanged'));
  $('log-wrapup').addEventListener('click', () => saveLog('wrapUp'));
  $('dial').addEventListener('click', () => dial($('dial-number').value));
  // The demo CRM's account pages are on this origin: their tel: links dial.
  let unlink = null;
  $('crm-view').addEventListener('load', () => {
    unlink?.();
    unlink = null;
    let doc = null;
    try {
      doc = $('crm-view').contentDocument;
    } catch {
      return;
    }
    if (!doc) return;
    unlink = host.linkify(doc);
    doc.addEventListener('framesmith:dialed', (e) => { $('dial-status').textContent = `Dialled ${e.detail}.`; });
    doc.addEventListener('framesmith:dialfailed', (e) => { $('dial-status').textContent = e.detail; });
  });
  showActivities();
  return { decorate, logged };
}
