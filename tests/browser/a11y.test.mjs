// 3. axe-core (WCAG 2.1 A/AA) on every page kind, both languages, phone and desktop,
//    normal and high contrast; a screenshot of each in screenshots/.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './helpers/server.mjs';
import { SAMPLE, HUAINAN, allPages, huainanPages } from './helpers/site.mjs';
import { launch, newContext, presetStorage, screenshot, screenshotPath, formatAxe, PHONE, DESKTOP } from './helpers/browser.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let browser;
let server;
let huainan;
before(async () => {
  server = await startServer(SAMPLE.out);
  huainan = await startServer(HUAINAN.out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await huainan?.close();
});

// Full-page screenshots of two pages at once come out garbled (the first screen repeated), so
// screenshots take turns while the axe runs overlap.
let screenshotQueue = Promise.resolve();
function serialScreenshot(page, options) {
  const run = screenshotQueue.then(() => screenshot(page, options));
  screenshotQueue = run.catch(() => {});
  return run;
}

// The city sample's own kinds of page (district sections, list kinds) are checked in two of
// the four modes: the frame they share with the district's pages is checked in all four.
const MODES = [
  { viewport: PHONE, contrast: 'normal', huainan: true },
  { viewport: PHONE, contrast: 'high', huainan: false },
  { viewport: DESKTOP, contrast: 'normal', huainan: false },
  { viewport: DESKTOP, contrast: 'high', huainan: true },
];

for (const mode of MODES) {
  const size = `${mode.viewport.width}x${mode.viewport.height}`;
  describe(`axe at ${size}, ${mode.contrast} contrast`, { concurrency: 2 }, () => {
    let context;
    before(async () => {
      // bypassCSP only so that axe can be injected; the CSP itself is tested in csp.test.mjs.
      context = await newContext(browser, { viewport: mode.viewport, bypassCSP: true });
      // axe is injected before the page's own script runs; it does nothing until axe.run().
      await context.addInitScript({ content: AXE_SOURCE });
      if (mode.contrast === 'high') await presetStorage(context, { 'qingdan.contrast': 'high' });
    });
    after(() => context?.close());

    const pages = allPages().map((p) => ({ ...p, site: () => server }));
    if (mode.huainan) pages.push(...huainanPages().map((p) => ({ ...p, site: () => huainan })));
    for (const p of pages) {
      test(`${p.name} (${p.rel || '/'}) has no WCAG 2.1 A/AA violations`, { timeout: 60_000 }, async () => {
        const page = await context.newPage();
        try {
          const resp = await page.goto(p.site().base + p.rel, { waitUntil: 'load' });
          assert.equal(resp.status(), 200);
          const contrastAttr = await page.evaluate(() => document.documentElement.getAttribute('data-contrast'));
          assert.equal(contrastAttr, mode.contrast === 'high' ? 'high' : null, 'contrast mode was not applied');
          await page.evaluate(() => document.fonts.ready);
          await serialScreenshot(page, { path: screenshotPath(`${p.name}-${size}-${mode.contrast}`), fullPage: true });
          await page.waitForFunction(() => typeof window.axe?.run === 'function');
          const results = await page.evaluate(
            (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
            TAGS,
          );
          const v = results.violations;
          assert.equal(v.length, 0, `${v.length} axe violation(s) on ${p.rel || '/'} at ${size}, ${mode.contrast} contrast:\n${formatAxe(v)}`);
        } finally {
          await page.close();
        }
      });
    }
  });
}
