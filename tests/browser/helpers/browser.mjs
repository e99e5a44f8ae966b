// One headless Chromium (the system's /usr/bin/chromium: playwright never downloads a browser).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export const PHONE = { width: 360, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run .ci/install-browser-deps (apt-get install chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** A context that records every request and never lets one leave this machine. */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.hostname === '127.0.0.1') return route.continue();
    return route.abort('blockedbyclient');
  });
  context.requestsSeen = requests;
  return context;
}

export function screenshotPath(name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`);
}

/**
 * A screenshot, tried again when headless Chromium refuses it. Under load (two pages of one
 * context rendering at once on a 2-core machine) Chromium sometimes answers
 * "Protocol error (Page.captureScreenshot): Unable to capture screenshot" although the page is
 * fine; a screenshot is a record for people, so it is retried with the page brought to the
 * front, and only a refusal three times over fails the test.
 */
export async function screenshot(page, options) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await page.screenshot(options);
    } catch (e) {
      if (attempt >= 3 || !/Unable to capture screenshot/.test(String(e?.message))) throw e;
      await page.bringToFront();
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/** Set localStorage settings before any page script runs. */
export async function presetStorage(context, values) {
  await context.addInitScript((vals) => {
    try {
      for (const [k, v] of Object.entries(vals)) window.localStorage.setItem(k, v);
    } catch { /* opaque origin */ }
  }, values);
}

export function formatAxe(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary ?? '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s))\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join('\n');
}
