// The live bench page: plain DOM, no framework. Data from /api/*, the timeline as
// server-sent events (/api/events). The token, when the bench has one, rides along from
// this page's address (?token=…) on every request.
'use strict';
(function () {
  const token = new URLSearchParams(location.search).get('token');
  const withToken = (url) => (token ? url + (url.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : url);
  const $ = (id) => document.getElementById(id);
  const showError = (text) => ($('error').textContent = text || '');

  async function api(path, body) {
    const res = await fetch(withToken(path), body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const data = await res.json();
    if (!res.ok) throw new Error(data.error || res.statusText);
    return data;
  }

  function line(obj) {
    return Object.entries(obj).map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : v}`).join('\n');
  }

  function renderState(s) {
    $('profile').textContent = `— profile ${s.profile}`;
    $('state-terminal').textContent = s.terminal.attached ? `attached\ndisplay: ${s.terminal.display}` : 'not attached (its journal is read over ECR)';
    const p = s.printer;
    if (p) {
      $('state-printer').textContent = line({ paper: p.paper, cover: p.coverOpen ? 'open' : 'closed', online: !p.offline, ready: p.ready, receipts: p.receipts, faults: p.faults.map((f) => f.kind).join(', ') || 'none' });
      $('dev-printer').classList.toggle('fault', !p.ready || p.faults.length > 0);
    } else $('state-printer').textContent = 'not emulated';
    const r = s.reader;
    $('state-reader').textContent = r ? (r.card ? `card: ${r.card} (${r.presentation})` : 'card: none') : 'not emulated';
    const i = s.issuer;
    if (i) {
      $('state-issuer').textContent = line({ requests: i.requests, responses: i.responses, connections: i.connections, rules: i.rules.map((x) => x.description || x.id).join('; ') || 'none (approves)' });
      $('dev-issuer').classList.toggle('fault', i.rules.length > 0);
    } else $('state-issuer').textContent = 'not emulated';
    const n = s.network;
    if (n) {
      $('state-network').textContent = line({ up: !n.down, connections: n.connections, faults: n.faults.map((f) => f.type).join(', ') || 'none' });
      $('dev-network').classList.toggle('fault', n.down || n.faults.length > 0);
    } else $('state-network').textContent = 'not emulated';
  }

  async function renderControls() {
    for (const c of await api('/api/controls')) {
      const box = document.querySelector(`.controls[data-device="${c.device}"]`);
      if (!box) continue;
      let input;
      if (c.arg) {
        input = document.createElement('input');
        input.value = String(c.arg.default);
        input.title = c.arg.label;
        input.id = `arg-${c.id}`;
      }
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = c.label;
      b.id = `control-${c.id}`;
      b.dataset.control = c.id;
      if (c.cause) {
        b.className = 'fault';
        b.title = `injects a fault: cause ${c.cause}, affects ${c.affects.join(', ')}`;
      }
      b.addEventListener('click', async () => {
        const args = {};
        if (c.arg) args[c.arg.name] = typeof c.arg.default === 'number' ? Number(input.value) : input.value;
        try {
          await api(`/api/controls/${encodeURIComponent(c.id)}`, args);
          showError('');
        } catch (e) {
          showError(`${c.label}: ${e.message}`);
        }
      });
      const wrap = document.createElement('span');
      wrap.append(b);
      if (input) wrap.append(input);
      box.append(wrap);
    }
  }

  let receiptsShown = '';
  async function renderReceipts() {
    const list = await api('/api/receipts');
    const key = JSON.stringify(list);
    if (key === receiptsShown) return;
    receiptsShown = key;
    const box = $('receipts');
    box.replaceChildren();
    for (const r of list) {
      const fig = document.createElement('figure');
      fig.className = 'receipt';
      fig.dataset.index = String(r.index);
      const img = document.createElement('img');
      img.alt = r.text;
      img.src = withToken(`/api/receipts/${r.index}.png?v=${encodeURIComponent(r.text.length + (r.open ? 'o' : ''))}`);
      const cap = document.createElement('figcaption');
      cap.textContent = `#${r.index + 1}${r.complete ? '' : ' incomplete'}${r.cut ? '' : ' not cut'}${r.fault ? ` (${r.fault})` : ''}${r.open ? ' printing…' : ''}`;
      fig.append(img, cap);
      box.append(fig);
    }
  }

  async function renderMessages() {
    const box = $('messages');
    box.replaceChildren();
    for (const m of await api('/api/messages')) {
      const li = document.createElement('li');
      const pre = document.createElement('pre');
      pre.textContent = `${m.direction === 'in' ? '→ issuer' : '← issuer'} ${m.mti || ''} ${m.txn || ''}${m.error ? ' ' + m.error : ''}\n${m.describe || ''}`;
      li.append(pre);
      box.append(li);
    }
  }

  async function renderVerdict() {
    const v = await api('/api/verdict');
    const el = $('verdict');
    el.className = `verdict ${v.state}`;
    el.dataset.state = v.state;
    el.textContent = v.state === 'unknown' ? `oracle: unknown — ${v.reason}` : v.state === 'in-sync' ? 'oracle: ledger, journal and paper in sync' : `oracle: ${v.desyncs.map((d) => `${d.type} (${d.cause})`).join(', ')}`;
  }

  // A reconnected stream sends the whole timeline again: show each event once.
  let lastSeq = 0;
  function addTimeline(e) {
    if (e.seq <= lastSeq) return;
    lastSeq = e.seq;
    const li = document.createElement('li');
    li.className = e.kind === 'inject' ? 'inject' : '';
    li.dataset.kind = e.kind;
    const cause = e.kind === 'inject' && e.data ? ` [cause ${e.data.cause}]` : '';
    li.innerHTML = '<span class="src"></span> ';
    li.firstChild.textContent = e.source;
    li.append(`${(e.atMs / 1000).toFixed(3)}s ${e.kind}: ${e.summary}${cause}`);
    const box = $('timeline');
    box.append(li);
    while (box.children.length > 1000) box.firstChild.remove();
    box.scrollTop = box.scrollHeight;
  }

  // Receipts, messages and the verdict follow the timeline; a burst of events is one refresh.
  let refreshDue;
  function refreshSoon() {
    if (refreshDue) return;
    refreshDue = setTimeout(() => {
      refreshDue = undefined;
      Promise.all([renderReceipts(), renderMessages(), renderVerdict()]).catch((e) => showError(e.message));
    }, 150);
  }

  $('attach').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('/api/terminal', { ecr: $('ecr').value.trim() });
      showError('');
      refreshSoon();
    } catch (e) {
      showError(e.message);
    }
  });

  renderControls().catch((e) => showError(e.message));
  const events = new EventSource(withToken('/api/events'));
  // Reading the verdict reads the terminal's journal over ECR, which the timeline records:
  // those events must not trigger another read, or the page would poll forever.
  const ownRead = (e) => e.source === 'ecr' && /^journal\b/.test(e.summary);
  events.addEventListener('timeline', (m) => {
    const e = JSON.parse(m.data);
    addTimeline(e);
    if (!ownRead(e)) refreshSoon();
  });
  events.addEventListener('state', (m) => renderState(JSON.parse(m.data)));
  events.onerror = () => showError('event stream interrupted; reconnecting…');
  events.onopen = () => showError('');
  refreshSoon();
})();
