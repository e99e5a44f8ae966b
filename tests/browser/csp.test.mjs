// 4. Content-Security-Policy: pages load under the portal's CSP with no violation, and the HTML
//    has nothing the CSP would block (inline scripts, style attributes, event handlers).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './helpers/server.mjs';
import { SAMPLE, FEEDBACK, HUAINAN, HUAINAN_PLACE, allPages, huainanPages, htmlFiles, parseHtml, elements, attr, where } from './helpers/site.mjs';
import { launch, newContext } from './helpers/browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/**
 * A context WITHOUT bypassCSP whose pages record securitypolicyviolation events and CSP console
 * errors. The listener is an init script: Playwright adds it through the DevTools protocol
 * (Page.addScriptToEvaluateOnNewDocument), which the page's CSP does not govern — the control
 * test below proves it still sees violations.
 */
async function cspContext() {
  const context = await newContext(browser, { viewport: { width: 360, height: 640 }, bypassCSP: false });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile || ''}:${e.lineNumber}`);
    }, true);
  });
  return context;
}

async function loadAndCollect(context, url, interact) {
  const page = await context.newPage();
  const console = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
  try {
    const resp = await page.goto(url, { waitUntil: 'load' });
    if (interact) await interact(page);
    await page.waitForTimeout(100); // securitypolicyviolation events are dispatched asynchronously
    const events = await page.evaluate(() => window.__csp);
    const cspConsole = console.filter((t) => /Content Security Policy|Content-Security-Policy/i.test(t));
    return { status: resp.status(), events, cspConsole, console };
  } finally {
    await page.close();
  }
}

describe('CSP in the browser', () => {
  let server;
  let controlServer;
  let controlDir;
  let context;
  before(async () => {
    server = await startServer(SAMPLE.out);
    controlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-csp-'));
    fs.writeFileSync(path.join(controlDir, 'index.html'),
      '<!doctype html><html lang=en><title>control</title><p style="color:red">x</p><script>window.inline = 1</script>');
    fs.writeFileSync(path.join(controlDir, '404.html'), '<!doctype html><title>404</title>');
    controlServer = await startServer(controlDir);
    context = await cspContext();
  });
  after(async () => {
    await context?.close();
    await server?.close();
    await controlServer?.close();
    if (controlDir) fs.rmSync(controlDir, { recursive: true, force: true });
  });

  test('control: the listener sees violations on a page with an inline script and style', async () => {
    const r = await loadAndCollect(context, controlServer.base);
    assert.ok(r.events.some((e) => e.startsWith('script-src')), `no script-src violation seen: ${JSON.stringify(r.events)}`);
    assert.ok(r.events.some((e) => e.startsWith('style-src')), `no style-src violation seen: ${JSON.stringify(r.events)}`);
    assert.ok(r.cspConsole.length > 0, `no CSP console error seen: ${JSON.stringify(r.console)}`);
  });

  for (const p of allPages()) {
    test(`${p.name} (${p.rel || '/'}) loads without CSP violations`, async () => {
      const interact = p.kind === 'home'
        ? async (page) => {
          // Search loads search-index.js (script-src) and renders results.
          await page.locator('#q').fill(p.lang === 'en' ? 'death' : '死亡');
          await page.locator('#search-results li').first().waitFor();
          // Display controls change attributes on <html> (style changes must come from CSS).
          await page.locator('button[data-text-size="xlarge"]').click();
          await page.locator('button[data-contrast]').click();
        }
        : async (page) => {
          await page.locator('button[data-text-size="large"]').click();
        };
      const r = await loadAndCollect(context, server.base + p.rel, interact);
      assert.equal(r.status, 200);
      assert.deepEqual(r.events, [], 'securitypolicyviolation events');
      assert.deepEqual(r.cspConsole, [], 'CSP console errors');
      // The page's own script ran (it is what un-hides the controls).
      const errors = r.console.filter((t) => !t.startsWith('warning:'));
      assert.deepEqual(errors, [], 'console errors');
    });
  }
});

describe('CSP in the browser: examples/huainan', () => {
  let server;
  let context;
  before(async () => {
    server = await startServer(HUAINAN.out);
    context = await cspContext();
  });
  after(async () => {
    await context?.close();
    await server?.close();
  });
  for (const p of huainanPages()) {
    test(`${p.name} (${p.rel || '/'}) loads without CSP violations or console errors`, async () => {
      const r = await loadAndCollect(context, server.base + p.rel, async (page) => {
        await page.locator('button[data-text-size="large"]').click();
      });
      assert.equal(r.status, 200);
      assert.deepEqual(r.events, [], 'securitypolicyviolation events');
      assert.deepEqual(r.cspConsole, [], 'CSP console errors');
      assert.deepEqual(r.console.filter((t) => !t.startsWith('warning:')), [], 'console errors');
    });
  }
});

for (const site of [SAMPLE, FEEDBACK, HUAINAN, HUAINAN_PLACE]) {
  test(`${site.name} site: no inline script, style attribute, <style> or on* handler in any page`, () => {
    const problems = [];
    for (const rel of htmlFiles(site.out)) {
      const doc = parseHtml(fs.readFileSync(path.join(site.out, rel), 'utf8'));
      for (const el of elements(doc)) {
        if (el.tagName === 'script' && attr(el, 'src') === undefined && attr(el, 'type') !== 'application/ld+json') {
          problems.push(`${rel}: inline ${where(el)} (type=${attr(el, 'type') ?? 'none'})`);
        }
        if (el.tagName === 'style') problems.push(`${rel}: ${where(el)} element`);
        for (const a of el.attrs ?? []) {
          if (a.name === 'style') problems.push(`${rel}: style attribute on ${where(el)}: ${a.value}`);
          if (/^on/i.test(a.name)) problems.push(`${rel}: ${a.name} attribute on ${where(el)}`);
          if (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\s*javascript:/i.test(a.value)) {
            problems.push(`${rel}: javascript: URL in ${a.name} on ${where(el)}`);
          }
        }
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });
}
