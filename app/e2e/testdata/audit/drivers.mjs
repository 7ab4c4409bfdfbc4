// The two browsers other than Chromium, driven through one small interface
// for walk.mjs and scale.mjs: Firefox over WebDriver BiDi by puppeteer-core
// (the system's firefox-esr; no geckodriver), WebKit over classic WebDriver
// by WebKitWebDriver and MiniBrowser.

// Both drivers offer: open(url), evaluate(expression) → value (a promise's
// is awaited), inject(script), click(css), type(css, text), enter(css),
// reload(), shot(path), close().

export async function firefox(prefs = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  // Full timer precision (Firefox rounds performance.now() to a
  // millisecond by default): the figures of scale.mjs are a few ms.
  // The window's size, not puppeteer's viewport emulation: that needs a
  // WebDriver BiDi command (screen orientation) that Firefox ESR 140 lacks.
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true,
    defaultViewport: null, args: ['--width=1100', '--height=900'],
    extraPrefsFirefox: { 'privacy.reduceTimerPrecision': false, ...prefs } });
  // A page of its own: the first tab's document never has focus, and then
  // change events do not fire.
  const page = await browser.newPage();
  return {
    open: url => page.goto(url),
    evaluate: expression => page.evaluate(expression),
    inject: script => page.evaluate(script),
    click: css => page.click(css),
    type: (css, text) => page.type(css, text),
    enter: async css => { await page.focus(css); await page.keyboard.press('Enter'); },
    reload: () => page.reload(),
    shot: path => page.screenshot({ path, fullPage: true }),
    close: () => browser.close(),
  };
}

export async function webkit(opts) {
  const base = opts.webdriver;
  const call = async (method, path, body) => {
    const r = await fetch(base + path, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
    const j = await r.json();
    if (!r.ok) throw new Error(`WebDriver ${method} ${path}: ${JSON.stringify(j.value)}`);
    return j.value;
  };
  const { sessionId } = await call('POST', '/session', { capabilities: { alwaysMatch: {
    browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary: opts.minibrowser, args: ['--automation'] } } } });
  const s = `/session/${sessionId}`;
  await call('POST', `${s}/window/rect`, { width: 1100, height: 900 }).catch(() => {});
  const element = async css => Object.values(await call('POST', `${s}/element`, { using: 'css selector', value: css }))[0];
  return {
    open: url => call('POST', `${s}/url`, { url }),
    evaluate: expression => call('POST', `${s}/execute/async`, {
      script: `const done = arguments[arguments.length - 1]; Promise.resolve(${expression}).then(done, e => done({walkError: String(e)}));`, args: [] })
      .then(v => { if (v && v.walkError) throw new Error(v.walkError); return v; }),
    inject: script => call('POST', `${s}/execute/sync`, { script: `${script}\n;return true;`, args: [] }),
    click: async css => call('POST', `${s}/element/${await element(css)}/click`, {}),
    type: async (css, text) => call('POST', `${s}/element/${await element(css)}/value`, { text }),
    enter: async css => call('POST', `${s}/element/${await element(css)}/value`, { text: '\uE007' }),
    reload: () => call('POST', `${s}/refresh`, {}),
    shot: async path => {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path, Buffer.from(await call('GET', `${s}/screenshot`), 'base64'));
    },
    close: () => call('DELETE', s),
  };
}

// start opens the browser opts.browser names; Firefox with the preferences
// opts.firefoxPrefs.
export const start = opts => opts.browser === 'webkit' ? webkit(opts) : firefox(opts.firefoxPrefs);

// chooseBackup is an expression that puts the file at url (of the page's
// origin) in Settings' backup field, as if the user had chosen it.
export const chooseBackup = url => `(async () => {
  const text = await (await fetch(${JSON.stringify(url)})).text();
  const input = document.querySelector('#backup-file');
  const files = new DataTransfer();
  files.items.add(new File([text], 'history.json', { type: 'application/json' }));
  input.files = files.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
})()`;
