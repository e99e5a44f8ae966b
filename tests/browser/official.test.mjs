// The list as an official document (issue 18): the numbered tables and their printable
// 公示版 in Chromium's print mode (A4 PDF with the page size the CSS asks for, repeated table
// headers, no navigation, the 监督举报电话 and the QR code shown), the tables on a phone, and
// axe on the new pages (tables, notice, site map, contact), which the fixed page list of
// a11y.test.mjs does not cover.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './helpers/server.mjs';
import { SAMPLE, FEEDBACK, LANGS } from './helpers/site.mjs';
import { launch, newContext, presetStorage, screenshot, screenshotPath, formatAxe, PHONE, DESKTOP, SCREENSHOTS } from './helpers/browser.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Number of pages in a PDF: `/Type /Page` objects, not `/Type /Pages` (as in print.test.mjs,
 *  which cannot be imported without running its tests here). */
function pdfPageCount(buf) {
  const text = buf.toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

/** The size of each page of a PDF in points, from its `/MediaBox` entries. */
export function pdfPageSizes(buf) {
  const text = buf.toString('latin1');
  return [...text.matchAll(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/g)]
    .map((m) => ({ w: Number(m[3]) - Number(m[1]), h: Number(m[4]) - Number(m[2]) }));
}

test('pdfPageSizes reads each /MediaBox', () => {
  assert.deepEqual(pdfPageSizes(Buffer.from('<</MediaBox [0 0 595.92 842.88]>> << /MediaBox [ 0 0 842 595 ] >>')),
    [{ w: 595.92, h: 842.88 }, { w: 842, h: 595 }]);
});

let browser;
let server;
let feedbackServer;
before(async () => {
  server = await startServer(SAMPLE.out);
  feedbackServer = await startServer(FEEDBACK.out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await feedbackServer?.close();
});

/** Whether every element `sel` matches is hidden, and at least one exists. */
async function allHidden(page, sel) {
  const loc = page.locator(sel);
  const n = await loc.count();
  assert.ok(n > 0, `nothing matches ${sel}`);
  for (let i = 0; i < n; i++) if (await loc.nth(i).isVisible()) return false;
  return true;
}

for (const lang of LANGS) {
  describe(`the 公示版 of the current list (${lang.code}) in print`, () => {
    let context;
    let page;
    let pdf;
    const rel = `${lang.prefix}table/notice/`;
    before(async () => {
      context = await newContext(browser, { viewport: { width: 1000, height: 1400 } });
      page = await context.newPage();
      const resp = await page.goto(server.base + rel);
      assert.equal(resp.status(), 200);
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => document.fonts.ready);
      pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      fs.writeFileSync(screenshotPath(`notice-${lang.code}`).replace(/\.png$/, '.pdf'), pdf);
      await screenshot(page, { path: screenshotPath(`notice-print-${lang.code}`), fullPage: true });
    });
    after(() => context?.close());

    test('prints on several A4 pages in the orientation the page asks for', async () => {
      const landscape = (await page.locator('article.notice-sheet.notice-landscape').count()) === 1;
      const sizes = pdfPageSizes(pdf);
      assert.ok(pdfPageCount(pdf) > 1, `the sample's tables print on ${pdfPageCount(pdf)} page(s)`);
      assert.equal(sizes.length, pdfPageCount(pdf));
      for (const { w, h } of sizes) {
        const [long, short] = [Math.max(w, h), Math.min(w, h)];
        assert.ok(Math.abs(long - 842) < 3 && Math.abs(short - 595) < 3, `not A4: ${w}x${h}pt`);
        assert.equal(w > h, landscape, `page ${w}x${h}pt, landscape class ${landscape}`);
      }
    });

    test('navigation, footer, search and the printing hint are not printed', async () => {
      for (const sel of ['.site-header', '.site-footer', 'nav.main-nav', '.print-hint', 'a.skip-link']) {
        assert.ok(await allHidden(page, sel), `${sel} is printed`);
      }
    });

    test('the header, the 监督举报电话, the date and the QR code are printed', async () => {
      assert.ok(await page.locator('.notice-head h1').isVisible());
      assert.match(await page.locator('.notice-head').innerText(), /田民〔2025〕36号/);
      const contact = page.locator('.notice-contact');
      assert.ok(await contact.isVisible());
      const text = await contact.innerText();
      assert.match(text, lang.code === 'en' ? /Complaints hotline/ : /监督举报电话/);
      assert.match(text, /0554-0000000/);
      assert.match(text, lang.code === 'en' ? /1 September 2025/ : /2025年9月1日/);
      assert.equal(await contact.locator('time[datetime="2025-09-01"]').count(), 1);
      const img = page.locator('.notice-qr img');
      assert.ok(await img.isVisible(), 'the QR code is not printed');
      const loaded = await img.evaluate((i) => i.complete && i.naturalWidth > 0);
      assert.ok(loaded, 'the QR code did not load');
      const box = await img.boundingBox();
      assert.ok(box.width >= 72, `QR code printed too small to scan: ${box.width}px`);
    });

    test('each table repeats its header row, with the title and document number, on every page', async () => {
      const heads = page.locator('table.official-table thead');
      assert.equal(await heads.count(), 2);
      for (let i = 0; i < 2; i++) {
        const head = heads.nth(i);
        assert.equal(await head.evaluate((e) => getComputedStyle(e).display), 'table-header-group');
        const running = head.locator('tr.running-head');
        assert.ok(await running.isVisible(), 'the running head is not printed');
        assert.match(await running.innerText(), /田民〔2025〕36号/);
        const rowBreak = await page.locator('table.official-table tbody tr').first()
          .evaluate((e) => getComputedStyle(e).breakInside);
        assert.equal(rowBreak, 'avoid');
      }
    });
  });
}

describe('the tables on a phone', () => {
  let context;
  before(async () => {
    context = await newContext(browser, { viewport: PHONE });
  });
  after(() => context?.close());

  test('the page does not scroll sideways: the table scrolls in its own focusable region', async () => {
    const page = await context.newPage();
    try {
      await page.goto(server.base + 'table/');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 1, `the page is ${overflow}px wider than the phone`);
      const region = page.locator('div.table-scroll').first();
      const scrolls = await region.evaluate((e) => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto');
      assert.ok(scrolls, 'the table does not scroll in its container');
      await region.focus();
      assert.equal(await page.evaluate(() => document.activeElement.className), 'table-scroll');
      await screenshot(page, { path: screenshotPath('table-phone-zh-CN'), fullPage: false });
    } finally {
      await page.close();
    }
  });
});

const NEW_PAGES = [
  { server: () => server, rel: 'table/' },
  { server: () => server, rel: 'en/table/' },
  { server: () => server, rel: 'versions/2022-06-30/table/' },
  { server: () => server, rel: 'table/notice/' },
  { server: () => server, rel: 'en/table/notice/' },
  { server: () => server, rel: 'site-map/' },
  { server: () => server, rel: 'en/site-map/' },
  { server: () => feedbackServer, rel: 'contact/' },
  { server: () => feedbackServer, rel: 'en/contact/' },
];

for (const mode of [
  { viewport: PHONE, contrast: 'normal' },
  { viewport: DESKTOP, contrast: 'high' },
]) {
  const size = `${mode.viewport.width}x${mode.viewport.height}`;
  describe(`axe on the new pages at ${size}, ${mode.contrast} contrast`, () => {
    let context;
    before(async () => {
      // bypassCSP only so that axe can be injected; the CSP itself is tested in csp.test.mjs.
      context = await newContext(browser, { viewport: mode.viewport, bypassCSP: true });
      await context.addInitScript({ content: AXE_SOURCE });
      if (mode.contrast === 'high') await presetStorage(context, { 'qingdan.contrast': 'high' });
    });
    after(() => context?.close());

    for (const p of NEW_PAGES) {
      test(`${p.rel} has no WCAG 2.1 A/AA violations`, { timeout: 60_000 }, async () => {
        const page = await context.newPage();
        try {
          const resp = await page.goto(p.server().base + p.rel, { waitUntil: 'load' });
          assert.equal(resp.status(), 200);
          await page.evaluate(() => document.fonts.ready);
          await screenshot(page, { path: screenshotPath(`official-${p.rel}-${size}-${mode.contrast}`), fullPage: true });
          await page.waitForFunction(() => typeof window.axe?.run === 'function');
          const results = await page.evaluate(
            (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
            TAGS,
          );
          const v = results.violations;
          assert.equal(v.length, 0, `${v.length} axe violation(s) on ${p.rel}:\n${formatAxe(v)}`);
        } finally {
          await page.close();
        }
      });
    }
  });
}
