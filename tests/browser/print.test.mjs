// 8. Printing an item page: no navigation or controls, QR code and permalink shown, one A4 page.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer } from './helpers/server.mjs';
import { SAMPLE, LANGS } from './helpers/site.mjs';
import { launch, newContext, screenshotPath, SCREENSHOTS } from './helpers/browser.mjs';

let browser;
let server;
let context;
before(async () => {
  server = await startServer(SAMPLE.out);
  browser = await launch();
  context = await newContext(browser, { viewport: { width: 800, height: 1100 } });
});
after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

/** Number of pages in a PDF: `/Type /Page` objects, not `/Type /Pages`. */
export function pdfPageCount(buf) {
  const text = buf.toString('latin1');
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

test('pdfPageCount counts /Type /Page and not /Type /Pages', () => {
  assert.equal(pdfPageCount(Buffer.from('<< /Type /Pages /Kids [1 0 R 2 0 R] >> << /Type /Page >> <</Type/Page/Parent 1 0 R>>')), 2);
});

const ITEMS = ['items/death/', 'items/adoption/'];

for (const lang of LANGS) {
  for (const item of ITEMS) {
    const rel = lang.prefix + item;
    describe(`print ${rel}`, () => {
      let page;
      before(async () => {
        page = await context.newPage();
        await page.goto(server.base + rel);
        await page.locator('.a11y-controls').waitFor({ state: 'visible' }); // JS ran (it un-hides them on screen)
        await page.emulateMedia({ media: 'print' });
        await page.evaluate(() => document.fonts.ready);
      });
      after(() => page?.close());

      test('header navigation, language switcher, display controls and search are not displayed', async () => {
        const shown = [];
        for (const sel of ['header nav', '.site-header nav.languages', '.site-header nav.main-nav', '.a11y-controls', '.a11y-controls button', 'form.search', 'a.skip-link']) {
          const loc = page.locator(sel);
          const n = await loc.count();
          for (let i = 0; i < n; i++) if (await loc.nth(i).isVisible()) shown.push(sel);
        }
        assert.deepEqual([...new Set(shown)], [], 'displayed in print');
        assert.ok(await page.locator('header nav').count() >= 1, 'expected a header nav to check');
      });

      test('the QR code and the permalink are visible', async () => {
        const img = page.locator('figure.qr img');
        assert.equal(await img.count(), 1, 'no figure.qr img');
        assert.ok(await img.isVisible(), 'figure.qr img is not visible in print');
        const natural = await img.evaluate((i) => ({ w: i.naturalWidth, complete: i.complete }));
        assert.ok(natural.complete && natural.w > 0, `QR image did not load: ${JSON.stringify(natural)}`);
        const box = await img.boundingBox();
        assert.ok(box.width >= 72 && box.height >= 72, `QR code printed too small to scan: ${box.width}x${box.height}px`);
        const permalink = page.locator('figure.qr .permalink');
        assert.ok(await permalink.isVisible(), '.permalink is not visible in print');
        assert.equal((await permalink.innerText()).trim(), `https://www.example.gov.cn/zmsx/${rel}`);
        assert.ok(await page.locator('.verdict-word').isVisible(), 'the verdict is not printed');
      });

      test('prints on exactly one A4 page', async () => {
        const pdf = await page.pdf({ format: 'A4' });
        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        fs.writeFileSync(screenshotPath(`print-${lang.code}-${item.split('/')[1]}`).replace(/\.png$/, '.pdf'), pdf);
        const pages = pdfPageCount(pdf);
        assert.equal(pages, 1, `${rel} prints on ${pages} A4 pages`);
      });
    });
  }
}
