// The walk through Sundown that matters most, in a browser other than
// Chromium (which has its own tests, in Go with chromedp): start, the whole
// ritual with every field, reload, History's newest day, words typed and
// never left (or never added) kept through a reload, navigation inside the
// app, the service worker, an offline start, the recovery of a damaged value, a shared link
// opened as someone with no account would, axe-core on every page and
// step, and no error in the console; in Firefox also a full storage, which
// refuses an import as a whole and keeps what was saved.
//
//   node walk.mjs --browser firefox --url http://127.0.0.1:PORT --control http://127.0.0.1:PORT/test-control --shared /shared/ID#KEY
//   node walk.mjs --browser webkit --webdriver http://127.0.0.1:PORT --url … --control … --shared …
//
// The browsers are driven as drivers.mjs says; both get the same steps, and
// elements are found by what a user sees: labels and button texts.
// The process exits non-zero, saying which step failed, on any problem.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chooseBackup, start } from './drivers.mjs';

const { values: opts } = parseArgs({ options: {
  browser: { type: 'string' }, url: { type: 'string' }, control: { type: 'string' },
  webdriver: { type: 'string' }, minibrowser: { type: 'string' }, shots: { type: 'string' }, shared: { type: 'string' },
} });
const patience = 60_000; // a guard against a hang, never a budget
const axeSource = readFileSync(new URL('./node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

// ---------------------------------------------------------------- steps

let step = 'starting the browser';
// Firefox gives a site a fifth of its temporary storage: 20 MiB of the
// 100 MiB set here, so that the walk can fill it (see the end).
const d = await start({ ...opts, firefoxPrefs: { 'dom.quotaManager.temporaryStorage.fixedLimit': 100 * 1024 } });

async function waitFor(what, expression) {
  step = what;
  const deadline = Date.now() + patience;
  for (;;) {
    let ok = false;
    try { ok = await d.evaluate(expression); } catch (e) { /* the page is being replaced */ }
    if (ok) return;
    if (Date.now() > deadline) {
      // What the page showed instead, for whoever reads the failure.
      let shown = '';
      try { shown = await d.evaluate(`document.querySelector('main')?.innerText.slice(0, 600) ?? '(no main)'`); } catch (e) { shown = `(unreadable: ${e.message})`; }
      throw new Error(`waiting for ${what}: it never happened; the page showed: ${JSON.stringify(shown)}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

const ready = () => waitFor('the app to be ready', `!!document.querySelector('main[data-ready="true"]')`);
const shows = text => waitFor(`the page to show ${JSON.stringify(text)}`, `document.body.innerText.includes(${JSON.stringify(text)})`);
const titled = title => waitFor(`the step ${JSON.stringify(title)}`, `document.querySelector('#step-title')?.textContent.trim() === ${JSON.stringify(title)}`);

async function open(path) { step = `opening ${path}`; await d.open(opts.url + path); await ready(); }
async function reload() { step = 'reloading'; await d.reload(); await ready(); }

// mark finds an element as a user would, by a text, and gives it an id the
// drivers can reach it by.
async function mark(what, finder) {
  await waitFor(what, `(() => { const e = (${finder})(); if (!e) return false; e.dataset.walk = "target"; return true; })()`);
  const css = '[data-walk="target"]';
  return { css, done: () => d.evaluate(`document.querySelector('${css}')?.removeAttribute('data-walk'), true`) };
}

async function click(name) {
  const m = await mark(`a button or link ${JSON.stringify(name)}`, `() => [...document.querySelectorAll('button, a')].find(e =>
    (e.textContent.replace(/\\s+/g, ' ').trim() === ${JSON.stringify(name)} || e.getAttribute('aria-label') === ${JSON.stringify(name)}) && e.offsetParent !== null)`);
  step = `clicking ${name}`;
  await d.click(m.css);
  await m.done().catch(() => {});
}

const fieldFinder = label => `() => { const l = [...document.querySelectorAll('label')].find(l => l.textContent.trim() === ${JSON.stringify(label)}); return l && document.getElementById(l.htmlFor); }`;

async function fill(label, text, { enter = false } = {}) {
  const m = await mark(`the field ${JSON.stringify(label)}`, fieldFinder(label));
  step = `filling ${label}`;
  await d.evaluate(`(() => { const e = document.querySelector('${m.css}'); e.value = ''; e.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`);
  await d.type(m.css, text);
  if (enter) await d.enter(m.css);
  await m.done();
}

async function choose(label, value) {
  step = `choosing ${value} in ${label}`;
  await mark(`the field ${JSON.stringify(label)}`, fieldFinder(label));
  await d.evaluate(`(() => { const e = document.querySelector('[data-walk="target"]'); e.value = ${JSON.stringify(value)};
    e.dispatchEvent(new Event('change', {bubbles: true})); e.removeAttribute('data-walk'); return true; })()`);
}

const violations = [];
async function axe(where) {
  // A button that changed its kind (Next became Finish) fades to its new
  // colours; axe judges the page at rest, as people read it.
  await waitFor(`the page at rest on ${where}`, `document.getAnimations().every(a => a.playState !== 'running')`);
  step = `running axe-core on ${where}`;
  if (!(await d.evaluate(`typeof axe !== 'undefined'`))) await d.inject(axeSource);
  const found = await d.evaluate(`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
    resultTypes: ['violations']}).then(r => r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).join(', ') + ')'))`);
  for (const v of found) violations.push(`${where}: ${v}`);
}

async function shot(name) { if (opts.shots) await d.shot(`${opts.shots}/${opts.browser}-${name}.png`); }

async function control(what) {
  step = `telling the server: ${what}`;
  const r = await fetch(`${opts.control}/${what}`, { method: 'POST' });
  if (!r.ok) throw new Error(`the server's test control answered ${r.status} to ${what}`);
}

// stored makes a request of the app's database, request an expression of
// its object store kv, and gives the request's result.
const stored = request => d.evaluate(`new Promise((resolve, reject) => { const open = indexedDB.open('sundown'); open.onerror = () => reject(open.error);
  open.onsuccess = () => { const kv = open.result.transaction('kv').objectStore('kv'), req = ${request};
    req.onsuccess = () => { open.result.close(); resolve(req.result); }; req.onerror = () => reject(req.error); }; })`);

// days counts the days in the app's database.
const days = async () => (await stored('kv.getAllKeys()')).filter(k => k.startsWith('sundown/day/')).length;

async function fullStorage() {
  await open('/settings');
  step = 'filling the storage';
  await d.evaluate(`(async () => {
    const { quota, usage } = await navigator.storage.estimate();
    const filler = new Uint8Array(quota - usage - 256 * 1024); // random, so that no compression makes room
    for (let i = 0; i < filler.length; i += 65536) crypto.getRandomValues(filler.subarray(i, i + 65536));
    await (await caches.open('walk-filler')).put('/walk-filler', new Response(filler));
    return true;
  })()`);
  await shows('of the 21.0 MB this browser gives it');
  const use = await d.evaluate(`document.querySelector('.storage-use').textContent`); // read before the filler
  const before = await days();
  await d.evaluate(chooseBackup('/test-history.json'));
  await click('Import');
  await shows("Nothing was imported. The browser's storage for Sundown is full");
  await shows('Export a backup (Settings → Backup) to keep a copy');
  // The room in use is read again after the refusal: the filler is counted.
  await waitFor('the storage in use to be read again', `document.querySelector('.storage-use')?.textContent !== ${JSON.stringify(use)}`);
  await shot('full-storage');
  step = 'counting the days stored';
  if (await days() !== before) throw new Error(`the refused import left ${await days() - before} days behind`);
  await open('/history');
  await shows('3 wins · 1 unseen work · 1 open loop'); // 25 November, still whole

  step = 'making room';
  await d.evaluate(`caches.delete('walk-filler')`);
  // Firefox gives the room back once it has removed the file, a moment later.
  await waitFor('the room to be given back', `navigator.storage.estimate().then(e => e.usage < e.quota / 2)`);
  await open('/settings');
  await d.evaluate(chooseBackup('/test-history.json'));
  await click('Import');
  await shows('Imported: ');
  step = 'counting the days stored';
  if (await days() <= before + 2000) throw new Error(`the import with room kept ${await days() - before} days`);
}

try {
  // A Wednesday before the end time, so the run does not depend on the day.
  await open('/');
  await d.evaluate(`localStorage.setItem('sundown/test-clock', '2026-11-25T17:40:00+01:00'), true`);
  await reload();
  await axe('Today');
  await shot('today');

  await click('Start shutdown');
  await titled('Mark the stop');
  await axe('the step Mark the stop');
  await click('Next');
  await titled('Sweep your inputs');
  await axe('the step Sweep your inputs');
  await click('Next');
  await titled('Wins');
  await fill('Win', 'Shipped the CSV importer', { enter: true });
  await shows('Shipped the CSV importer');
  await fill('Win', 'Unblocked the release');
  await click('Add');
  await shows('Unblocked the release');
  await axe('the step Wins');
  await click('Next');
  await titled('Unseen work');
  await choose('Kind', 'debugged');
  await fill('Unseen work', 'Chased a flaky integration test');
  await fill('What I now know', 'The test clock drifts under load');
  await click('Add');
  await shows('Now I know: The test clock drifts under load');
  await axe('the step Unseen work');
  await shot('step-unseen');
  await click('Next');
  await titled('Open loops');
  await fill('Open loop', 'Answer Ana about the roadmap');
  await fill('Next step', 'Draft three bullet points');
  await click('Add');
  await shows('Next: Draft three bullet points');
  await axe('the step Open loops');
  await click('Next');
  await titled("Tomorrow's first move");
  await fill("Tomorrow's first move", 'Write the importer docs');
  await axe("the step Tomorrow's first move");
  await click('Next');
  await titled('Energy');
  await click('3 – Okay');
  await shows('Energy: 3 – Okay');
  await axe('the step Energy');
  await click('Next');
  await titled('Close');
  await axe('the step Close');
  await click('Finish');
  // The time as the browser's locale writes it: 17:40, or 5:40 PM.
  await waitFor('the done screen', `/^Shutdown complete — (\\d\\d:\\d\\d|\\d\\d?:\\d\\d [AP]M)$/.test(document.querySelector('#done-title')?.textContent.trim() ?? '')`);
  await axe('the done screen');
  await shot('done');

  // Everything is still there after a reload, and History shows the day.
  await reload();
  await open('/history');
  await shows('2 wins · 1 unseen work · 1 open loop');
  await axe('History');
  await open('/history/2026-11-25');
  for (const text of ['Shipped the CSV importer', 'Unblocked the release', 'Chased a flaky integration test', 'Answer Ana about the roadmap']) await shows(text);
  await waitFor("tomorrow's first move", `document.querySelector('#first-move')?.value === 'Write the importer docs'`);
  await axe('a day in History');

  // Words typed in a line and never left are saved as the page goes.
  const typed = 'Typed and never left, then a reload';
  await fill('Note', typed);
  await reload();
  await waitFor('the note typed before the reload', `document.querySelector('#note')?.value === ${JSON.stringify(typed)}`);
  // Words typed into an add form and never added are kept as a draft.
  const drafted = 'Half a win, never added';
  await fill('Win', drafted);
  await reload();
  await waitFor('the win typed before the reload', `document.querySelector('#win-text')?.value === ${JSON.stringify(drafted)}`);

  // Around the app without loading a page.
  await d.evaluate(`window.sameDocument = true`);
  for (const [link, heading] of [['Insights', 'Insights'], ['Settings', 'Settings'], ['History', 'History'], ['Today', null]]) {
    await click(link);
    await ready();
    if (heading) await waitFor(`the ${heading} page`, `document.querySelector('main h1')?.textContent.trim() === ${JSON.stringify(heading)}`);
    if (!(await d.evaluate(`window.sameDocument === true`))) throw new Error(`following ${link} loaded a new page`);
    if (heading) await axe(heading);
  }

  // The service worker: it controls the page and has cached the app.
  await waitFor('the service worker', `navigator.serviceWorker.ready.then(() => caches.keys()).then(k => k.length > 0)`);
  await reload();
  await waitFor('the worker to control the page', `navigator.serviceWorker.controller !== null`);

  // Offline: the server is gone; every page still starts, edits still save.
  await control('offline');
  for (const path of ['/', '/history', '/settings', '/history/2026-11-25']) await open(path);
  await shows('Unblocked the release');
  await fill('Win', 'Written offline');
  await click('Add');
  await shows('Written offline');
  await reload();
  await shows('Written offline');
  await control('online');

  // A damaged value is named, kept aside, and the rest works.
  // Written where older versions kept the days (localStorage), it is
  // brought into the database at the next start, and read there.
  await d.evaluate(`localStorage.setItem('sundown/day/2026-11-24', '{"schema":2,"data":{"date":'), true`);
  await open('/history');
  await shows('The saved data for the day Tuesday 24 November 2026 could not be read');
  await shows('3 wins · 1 unseen work · 1 open loop'); // 25 November, still whole
  const kept = await stored(`kv.get('sundown/quarantine/day/2026-11-24')`);
  if (kept !== '{"schema":2,"data":{"date":') {
    throw new Error('the damaged value was not kept aside as it was');
  }
  await open('/settings');
  await shows('Unreadable data');
  await shot('settings');

  // A week someone shared (the server keeps it; the key is the link's
  // fragment): it opens, read-only, with nothing of the app around it.
  await open(opts.shared);
  // The range as the browser's locale writes it: Mon 23 Nov – Sun 29 Nov 2026, or Mon, Nov 23 – Sun, Nov 29, 2026.
  await waitFor('the shared range', `/^Work record: Mon,? (23 Nov|Nov 23) – Sun,? (29 Nov|Nov 29),? 2026$/.test(document.querySelector('main h1')?.textContent.trim() ?? '')`);
  for (const text of ['Shipped the shared importer', 'Reviewed the rollout plan', 'Now I know: Canary first']) await shows(text);
  if (await d.evaluate(`document.querySelectorAll('nav').length`) !== 0) throw new Error('the shared page shows the app\'s navigation');
  await axe('a shared link');
  await shot('shared');

  // A full storage, in Firefox, the browser whose quota a test can set:
  // another store of the site takes all of it but 256 KB, and ten years of
  // backup do not fit. The import is refused as a whole and says so, what
  // was saved stays, and once there is room the same import works.
  if (opts.browser === 'firefox') await fullStorage();

  step = 'reading the console';
  const errors = await d.evaluate(`JSON.parse(sessionStorage.getItem('test-errors') || '[]')`);
  const problems = [...errors.map(e => `console: ${e}`), ...violations.map(v => `axe-core: ${v}`)];
  if (problems.length) throw new Error(`${problems.length} problems:\n  ${problems.join('\n  ')}`);
  console.log(`${opts.browser}: the walk passed (${await d.evaluate('navigator.userAgent')})`);
} catch (e) {
  await shot('failure').catch(() => {});
  console.error(`${opts.browser}: ${step}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await d.close().catch(() => {});
}
