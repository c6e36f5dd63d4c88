// The check-in page keeps working without network.
//
// Plain JavaScript on purpose: the service worker has to be JavaScript
// anyway, and IndexedDB, SubtleCrypto and a fetch queue take a page of code
// here but many web-sys features and async glue in the wasm, which has a size
// budget (docs/benchmarks.md). Without this script the page is a plain form
// that posts and reloads, as before.
//
// Online, a scan goes to the API (POST …/check-ins with a fresh scan id) and
// the answer shows on the page at once. The session's admission list (a
// SHA-256 of each ticket code, never the code) is kept in IndexedDB; without
// network a scan is decided against it, marked offline, queued, and sent when
// the network is back. The server merges: a scan id counts once, the earliest
// scan wins, and a ticket cancelled meanwhile comes back as a conflict. The
// count of people present is fetched every 3 seconds, so every door shows the
// same number within 5.
(() => {
  'use strict';
  const sync = document.getElementById('door-sync');
  const form = document.getElementById('scan-form');
  const input = document.getElementById('ticket');
  if (!sync || !form || !input || !window.indexedDB || !window.crypto || !crypto.subtle || !window.fetch) return;

  const eventId = sync.dataset.event;
  const sessionId = sync.dataset.session;
  const csrf = form.querySelector('input[name="csrf"]').value;
  const api = `/api/v1/events/${eventId}/sessions/${sessionId}`;
  const t = (key, values = {}) =>
    (sync.dataset[key] || '').replace(/\{(\w+)\}/g, (_, name) => (name in values ? values[name] : `{${name}}`));
  // Times as the server says them: Belgian time, whatever the device's zone.
  const clock = (iso) =>
    new Date(iso).toLocaleTimeString('nl-BE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Brussels' });
  // The name the door gave itself in the page's "Deur" field (none: no name).
  const doorField = document.getElementById('deur');
  const doorName = () => (doorField && doorField.value.trim()) || null;

  // ---- IndexedDB: the list per session, and the queue of scans to send ----
  const opened = new Promise((resolve, reject) => {
    const request = indexedDB.open('leernet-door', 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('lists');
      request.result.createObjectStore('queue', { keyPath: 'scan_id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const store = async (name, mode, work) => {
    const db = await opened;
    return new Promise((resolve, reject) => {
      const tx = db.transaction(name, mode);
      const result = work(tx.objectStore(name));
      tx.oncomplete = () => resolve(result && 'result' in result ? result.result : result);
      tx.onerror = () => reject(tx.error);
    });
  };
  const getList = () => store('lists', 'readonly', (s) => s.get(sessionId));
  const putList = (list) => store('lists', 'readwrite', (s) => s.put(list, sessionId));
  const queued = () => store('queue', 'readonly', (s) => s.getAll());
  const enqueue = (scan) => store('queue', 'readwrite', (s) => s.put(scan));
  const dequeue = (id) => store('queue', 'readwrite', (s) => s.delete(id));

  // The code in what a scanner read, as the server reads it (domain::checkin::TicketCode).
  const codeOf = (scanned) => {
    const text = scanned.trim();
    const at = text.lastIndexOf('/ticket/');
    let code = at >= 0 ? text.slice(at + '/ticket/'.length) : text;
    code = code.split(/[?#]/)[0].replace(/\/+$/, '');
    return /^[A-Za-z0-9]{16,128}$/.test(code) ? code : null;
  };
  const sha256 = async (text) => {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  };

  // ---- What the door shows ----
  let online = navigator.onLine;
  let listTakenAt = null;
  let waiting = 0;
  const banner = () => {
    const parts = [online ? t('tOnline') : t('tOffline')];
    if (waiting > 0) parts.push(t('tWaiting', { count: waiting }));
    parts.push(listTakenAt ? t('tList', { time: clock(listTakenAt) }) : t('tNoList'));
    sync.textContent = parts.join(' · ');
    sync.classList.toggle('door-sync-offline', !online);
    sync.hidden = false;
  };
  const answerBox = document.getElementById('door-answer');
  // One answer at a time, where the page's own answer was.
  // The same box the page renders (scanner.rs, LastMessage): colour class,
  // `data-answer` (welcome / again / stop), a sign besides the colour.
  const boxClass = { welcome: 'door-ok', again: 'door-again', stop: 'door-stop', neutral: 'door-neutral' };
  const signs = { welcome: '✓', again: '↻', stop: '✕' };
  const show = ({ tone, headline, detail, needs, by, offline, undo }) => {
    document.querySelectorAll('.door-result:not(.door-conflicts)').forEach((old) => old.remove());
    const box = document.createElement('div');
    box.className = `door-result ${boxClass[tone] || 'door-stop'}`;
    box.dataset.answer = tone;
    box.setAttribute('role', tone === 'stop' ? 'alert' : 'status');
    const line = document.createElement('p');
    line.className = 'door-headline';
    if (signs[tone]) {
      const sign = document.createElement('span');
      sign.className = 'door-icon';
      sign.setAttribute('aria-hidden', 'true');
      sign.textContent = signs[tone];
      line.append(sign, ' ');
    }
    line.append(headline);
    box.append(line);
    if (detail) {
      const more = document.createElement('p');
      more.className = 'door-detail';
      more.textContent = detail;
      box.append(more);
    }
    if (needs) {
      const need = document.createElement('p');
      need.className = 'door-needs';
      const label = document.createElement('strong');
      label.textContent = t('tNeeds');
      need.append(label, ' ', needs);
      box.append(need);
    }
    if (by) {
      const who = document.createElement('p');
      who.className = 'door-by';
      who.textContent = by;
      box.append(who);
    }
    // The camera (its island listens) vibrates and beeps with the answer.
    if (signs[tone]) document.dispatchEvent(new CustomEvent('leernet-door-answer', { detail: tone }));
    if (undo) {
      // A wrong scan is taken back here, as on the page without script.
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-quiet button-small';
      button.textContent = t('tUndo');
      button.addEventListener('click', async () => {
        button.disabled = true;
        try {
          const response = await call('DELETE', `${api}/check-ins/${undo.registration_id}`);
          if (!response.ok) throw new Error(String(response.status));
          show({ tone: 'neutral', headline: t('tUndone', { name: undo.name }) });
          noteUndone(undo.registration_id).catch(() => {});
          refreshCount().catch(() => {});
        } catch (_) {
          button.disabled = false;
        }
      });
      box.append(button);
    }
    if (offline) {
      const mark = document.createElement('p');
      mark.className = 'door-offline-mark';
      mark.textContent = t('tOfflineAnswer');
      box.append(mark);
    }
    answerBox.append(box);
  };
  const conflicts = [];
  const showConflict = (headline) => {
    let box = document.getElementById('door-conflicts');
    if (!box) {
      box = document.createElement('div');
      box.id = 'door-conflicts';
      box.className = 'door-result door-stop door-conflicts';
      box.dataset.answer = 'conflict';
      box.setAttribute('role', 'alert');
      answerBox.before(box);
    }
    conflicts.push(headline);
    box.replaceChildren(
      ...conflicts.map((c) => {
        const p = document.createElement('p');
        p.textContent = t('tConflict', { headline: c });
        return p;
      }),
    );
  };
  const toneOf = (answer) => answer.tone || (answer.code === 'already_in' ? 'again' : answer.admitted ? 'welcome' : 'stop');
  const detailOf = (holder) => (holder ? [holder.organisation, holder.ticket_type].filter(Boolean).join(' · ') : '');

  // ---- Talking to the server ----
  const call = (method, path, body) =>
    fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body ? { 'content-type': 'application/json', 'x-csrf-token': csrf } : { 'x-csrf-token': csrf },
      body: body ? JSON.stringify(body) : undefined,
    });

  const refreshCount = async () => {
    const response = await call('GET', `/api/v1/events/${eventId}/sessions`);
    if (!response.ok) return;
    const session = (await response.json()).data.find((s) => String(s.id) === sessionId);
    const count = document.querySelector('.scanner-count');
    if (session && count) {
      count.textContent = t('tPresent', { present: session.present, expected: session.expected });
    }
  };
  // A check-in (or, with `at` null, an undo) in the list kept here.
  const noteInList = async (code, at) => {
    const list = await getList();
    if (!list || !code) return;
    const hash = await sha256(code);
    const entry = list.data.find((a) => a.ticket_hash === hash);
    if (entry) {
      entry.checked_in_at = at;
      await putList(list);
    }
  };
  const noteUndone = async (registrationId) => {
    const list = await getList();
    const entry = list && list.data.find((a) => a.registration_id === registrationId);
    if (entry) {
      entry.checked_in_at = null;
      await putList(list);
    }
  };
  const refreshList = async () => {
    const response = await call('GET', `${api}/admissions`);
    if (!response.ok) return;
    const list = await response.json();
    // Offline check-ins of this door still waiting to be sent stay in (the
    // server cannot know them yet); anything else is the server's word.
    const old = await getList();
    if (old) {
      const waitingHashes = new Set(
        await Promise.all((await queued()).map((scan) => sha256(scan.ticket))),
      );
      const mine = new Map(
        old.data.filter((a) => a.checked_in_at && waitingHashes.has(a.ticket_hash)).map((a) => [a.ticket_hash, a.checked_in_at]),
      );
      for (const a of list.data) if (!a.checked_in_at && mine.has(a.ticket_hash)) a.checked_in_at = mine.get(a.ticket_hash);
    }
    list.day = todayHere();
    await putList(list);
    listTakenAt = list.taken_at;
  };

  // Sends the queue, oldest first; stops at the first network failure.
  let sending = false;
  const sendQueue = async () => {
    if (sending) return;
    sending = true;
    try {
      const scans = (await queued()).sort((a, b) => a.scanned_at.localeCompare(b.scanned_at));
      for (const scan of scans) {
        const { admitted_here, ...body } = scan;
        const response = await call('POST', `${api}/check-ins`, body);
        if (response.status === 429 || response.status >= 500) break;
        const answer = await response.json().catch(() => ({}));
        if (response.ok && answer.conflict && admitted_here) showConflict(answer.headline);
        else if (!response.ok && admitted_here) showConflict(answer.detail || answer.title || String(response.status));
        await dequeue(scan.scan_id);
      }
    } catch (_) {
      online = false; // the network went while sending
    } finally {
      sending = false;
      waiting = (await queued()).length;
      banner();
    }
  };

  // ---- A scan ----
  const decideOffline = async (scanned, scanId, scannedAt) => {
    const code = codeOf(scanned);
    const list = await getList();
    const hash = code ? await sha256(code) : null;
    const found = hash && list ? list.data.find((a) => a.ticket_hash === hash) : undefined;
    let answer;
    if (!code) {
      answer = { tone: 'stop', headline: t('tUnreadable') };
    } else if (!found) {
      answer = { tone: 'stop', headline: t('tUnknown') };
    } else if (found.status !== 'confirmed') {
      const key = { cancelled: 'tCancelled', waitlisted: 'tWaitlisted', offered: 'tOffered' }[found.status] || 'tUnpaid';
      answer = { tone: 'stop', headline: t(key, { name: found.name }) };
    } else if (found.checked_in_at) {
      answer = { tone: 'again', headline: t('tAlready', { name: found.name, time: clock(found.checked_in_at) }) };
    } else {
      found.checked_in_at = scannedAt;
      await putList(list);
      answer = { tone: 'welcome', headline: t('tWelcome', { name: found.name }) };
    }
    answer.detail = found ? [found.organisation, found.ticket_type].filter(Boolean).join(' · ') : '';
    answer.needs = found ? found.needs : null;
    answer.offline = true;
    show(answer);
    if (code) {
      await enqueue({
        scan_id: scanId,
        ticket: code,
        scanned_at: scannedAt,
        offline: true,
        door: doorName(),
        admitted_here: answer.tone !== 'stop',
      });
      waiting = (await queued()).length;
    }
    banner();
  };

  let today = false;
  form.addEventListener('submit', async (event) => {
    // A session on another day is the page's own business (the API takes
    // scans for today's sessions only): the form posts as without script.
    if (!today) return;
    event.preventDefault();
    const scanned = input.value;
    input.value = '';
    input.focus();
    const scanId = crypto.randomUUID();
    const scannedAt = new Date().toISOString();
    if (!navigator.onLine) {
      online = false;
      await decideOffline(scanned, scanId, scannedAt);
      return;
    }
    let response;
    try {
      response = await call('POST', `${api}/check-ins`, { ticket: scanned, scan_id: scanId, door: doorName() });
    } catch (_) {
      online = false;
      await decideOffline(scanned, scanId, scannedAt);
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      // The list kept for going offline learns this door's own check-ins at once.
      if (answer.admitted && answer.checked_in_at) noteInList(codeOf(scanned), answer.checked_in_at).catch(() => {});
      const undo = answer.code === 'checked_in' && answer.holder ? answer.holder : null;
      show({
        tone: toneOf(answer),
        headline: answer.headline,
        detail: detailOf(answer.holder),
        needs: answer.holder ? answer.holder.needs : null,
        by: answer.checked_in_by,
        undo,
      });
      refreshCount().catch(() => {});
    } else if (response.status === 422) {
      show({ tone: 'stop', headline: t('tUnreadable') });
    } else {
      // Anything else (signed out, a session changed meanwhile): the plain post says it.
      input.value = scanned;
      form.submit();
    }
  });

  const tick = async () => {
    online = navigator.onLine;
    if (online) {
      try {
        await sendQueue();
        await refreshCount();
      } catch (_) {
        online = false;
      }
    }
    banner();
  };
  window.addEventListener('online', () => {
    online = true;
    tick();
  });
  window.addEventListener('offline', () => {
    online = false;
    banner();
  });

  // The date in Belgium, as the server's times say it (2026-12-08).
  const todayHere = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Brussels' });

  const start = async () => {
    const kept = await getList();
    if (kept) listTakenAt = kept.taken_at;
    waiting = (await queued()).length;
    if (navigator.onLine) {
      try {
        const response = await call('GET', `/api/v1/events/${eventId}/sessions`);
        const session = response.ok ? (await response.json()).data.find((s) => String(s.id) === sessionId) : null;
        today = Boolean(session) && session.starts_at.slice(0, 10) === todayHere();
      } catch (_) {
        online = false;
      }
    }
    // Opened without network: the list kept here says whether it is today's.
    if (!online) today = Boolean(kept) && kept.day === todayHere();
    banner();
    if (!today) return;
    if (navigator.onLine) {
      try {
        await refreshList();
      } catch (_) {
        online = false;
      }
    }
    banner();
    setInterval(tick, 3000);
    setInterval(() => navigator.onLine && refreshList().then(banner).catch(() => {}), 15000);
    tick();
    // Keep the page, its script, wasm and style for a visit without network.
    if ('serviceWorker' in navigator) {
      const scope = location.pathname.replace(/\/+$/, '');
      navigator.serviceWorker
        .register('/door-sw.js', { scope })
        .then(() => navigator.serviceWorker.ready)
        .then((registration) => {
          const keep = [location.href, '/door.js', ...performance.getEntriesByType('resource').map((r) => r.name)];
          registration.active && registration.active.postMessage({ keep });
        })
        .catch(() => {});
    }
  };
  start();
})();
