// Ten years of history in a browser other than Chromium (which has
// BenchmarkScale in Go): the same figures, taken the same way, in Firefox or
// WebKit. Two origins stand for two profiles (each origin has storage of its
// own): one empty, one given ten years through Settings → Import, taking
// turns in an order that rotates. Each turn prints one line of JSON per
// history: {"years":10,"start-ms":…,"history-at-once-ms":…,"history-ms":…,"insights-ms":…,"export90-ms":…,"save-ms":…}.
//
//   node scale.mjs --browser firefox --empty URL --full URL --today 2026-12-01 --turns 7 [--webdriver … --minibrowser …]
//
// The full origin serves the history to import at /test-history.json.

import { parseArgs } from 'node:util';
import { chooseBackup, start } from './drivers.mjs';

const { values: opts } = parseArgs({ options: {
  browser: { type: 'string' }, empty: { type: 'string' }, full: { type: 'string' }, today: { type: 'string' },
  turns: { type: 'string' }, webdriver: { type: 'string' }, minibrowser: { type: 'string' },
} });
const patience = 60_000; // a guard against a hang, never a budget
const settle = 2000; // BenchmarkScale's settle: renders are timed once the start's compiling is done
const d = await start(opts);

async function waitFor(what, expression, guard = patience) {
  const deadline = Date.now() + guard;
  for (;;) {
    let ok = false;
    try { ok = await d.evaluate(expression); } catch (e) { /* the page is being replaced */ }
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`waiting for ${what}: it never happened`);
    await new Promise(r => setTimeout(r, 50));
  }
}

async function open(url) {
  await d.open(url);
  await waitFor('the app', `!!document.querySelector('main[data-ready="true"]')`);
}

// timeUntil is BenchmarkScale's: click, then the time until the app's mark.
const timeUntil = (css, mark) => d.evaluate(`(async () => {
  const t0 = performance.now();
  document.querySelector(${JSON.stringify(css)}).click();
  while (performance.now() - t0 < 20000) {
    const m = performance.getEntriesByName(${JSON.stringify(mark)}).find(e => e.startTime > t0);
    if (m) return m.startTime - t0;
    await new Promise(r => setTimeout(r, 2));
  }
  throw new Error("the app never marked " + ${JSON.stringify(mark)});
})()`);

const lastSpan = (from, to) => d.evaluate(`(() => { const a = performance.getEntriesByName(${JSON.stringify(from)}),
  z = performance.getEntriesByName(${JSON.stringify(to)}); return z[z.length-1].startTime - a[a.length-1].startTime; })()`);

const field = label => `(() => { const l = [...document.querySelectorAll('label')].find(l => l.textContent.trim() === ${JSON.stringify(label)}); return l && document.getElementById(l.htmlFor); })()`;

async function importHistory(origin) {
  await open(origin + '/settings');
  await d.evaluate(chooseBackup('/test-history.json'));
  const importButton = `[...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Import')`;
  await waitFor('the import plan', `!!${importButton}`);
  await d.evaluate(`(${importButton}).click(), true`);
  await waitFor('the import', `document.body.innerText.includes('Imported:')`, 10 * patience);
}

const median = values => { const s = [...values].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function figures(origin) {
  const f = {};
  await open(origin + '/');
  f['start-ms'] = await d.evaluate(`performance.getEntriesByName('sundown-page-ready')[0].startTime`);
  f['history-at-once-ms'] = await timeUntil('nav a[href="/history"]', 'sundown-page-ready');
  await open(origin + '/');
  await new Promise(r => setTimeout(r, settle));
  f['history-ms'] = await timeUntil('nav a[href="/history"]', 'sundown-page-ready');
  f['insights-ms'] = await timeUntil('nav a[href="/insights"]', 'sundown-page-ready');
  // The export card may come a moment after the page's own ready mark.
  await waitFor('the export range', `!!(${field('Range')})`);
  await d.evaluate(`(() => { const e = ${field('Range')}; e.value = 'last-90'; e.dispatchEvent(new Event('change', { bubbles: true })); return true; })()`);
  await timeUntil('#export-markdown', 'sundown-export-done'); // the first export pays for compiling its code
  await timeUntil('#export-markdown', 'sundown-export-done');
  f['export90-ms'] = await lastSpan('sundown-export-start', 'sundown-export-done');
  await open(`${origin}/history/${opts.today}`);
  const saves = [];
  for (let i = 0; i < 5; i++) {
    await d.evaluate(`(() => { const e = ${field('Win')}; e.value = 'One more win, ${i}';
      e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); return true; })()`);
    await timeUntil('form.add-form button[type="submit"]', 'sundown-save-done');
    saves.push(await lastSpan('sundown-save-start', 'sundown-save-done'));
  }
  f['save-ms'] = median(saves);
  return f;
}

try {
  const profiles = [{ years: 0, origin: opts.empty }, { years: 10, origin: opts.full }];
  await open(opts.empty + '/');
  await importHistory(opts.full);
  for (let turn = 0; turn < Number(opts.turns); turn++) {
    for (let i = 0; i < profiles.length; i++) {
      const p = profiles[(turn + i) % profiles.length]; // the order rotates
      console.log(JSON.stringify({ years: p.years, turn, ...(await figures(p.origin)) }));
    }
  }
} catch (e) {
  console.error(`${opts.browser}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await d.close().catch(() => {});
}
