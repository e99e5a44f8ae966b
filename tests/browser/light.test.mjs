// 7. Light pages: item HTML <= 12 KB, all CSS+JS <= 32 KB, and no request to another host.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './helpers/server.mjs';
import { SAMPLE, FEEDBACK, LANGS, allPages, walk } from './helpers/site.mjs';
import { launch, newContext, PHONE } from './helpers/browser.mjs';

const KB = 1024;
const ITEM_LIMIT = 12 * KB;
// 28 KB since the search understands residents' requests (about 5 KB of qingdan.js) and the
// 公示版's print layout, the official tables and the no-JavaScript display settings joined
// the CSS; 32 KB since the policy pages, attachments, 告知承诺 and the place filter (30 KB for
// what every page loads) and the place picker's own style sheet (2 KB, loaded only there).
// tests/integration/citizen.rs holds those two budgets and the gzipped total of what every
// page loads to 10 KB.
const ASSETS_LIMIT = 32 * KB;

for (const site of [SAMPLE, FEEDBACK]) {
  test(`${site.name} site: every item page is at most 12 KB of HTML`, () => {
    const sizes = [];
    for (const lang of LANGS) {
      const dir = path.join(site.out, lang.prefix, 'items');
      assert.ok(fs.existsSync(dir), `no ${lang.prefix}items/ folder`);
      for (const id of fs.readdirSync(dir)) {
        const file = path.join(dir, id, 'index.html');
        if (fs.existsSync(file)) sizes.push([`${lang.prefix}items/${id}/index.html`, fs.statSync(file).size]);
      }
    }
    assert.ok(sizes.length > 0, 'no item pages');
    const big = sizes.filter(([, n]) => n > ITEM_LIMIT).map(([f, n]) => `${f}: ${(n / KB).toFixed(1)} KB`);
    const largest = sizes.reduce((a, b) => (b[1] > a[1] ? b : a));
    assert.deepEqual(big, [], `item pages over 12 KB (limit ${ITEM_LIMIT} bytes):\n  ${big.join('\n  ')}`);
    assert.ok(largest[1] <= ITEM_LIMIT, `largest: ${largest[0]} ${largest[1]} bytes`);
  });

  test(`${site.name} site: all CSS and JS under assets/ together at most 32 KB`, () => {
    const files = walk(path.join(site.out, 'assets'), (f) => /\.(css|js|mjs)$/.test(f));
    assert.ok(files.some((f) => f.endsWith('.css')), 'no CSS in assets/');
    assert.ok(files.some((f) => f.endsWith('.js')), 'no JS in assets/');
    const list = files.map((f) => [path.relative(site.out, f), fs.statSync(f).size]);
    const total = list.reduce((n, [, s]) => n + s, 0);
    assert.ok(total <= ASSETS_LIMIT, `CSS+JS is ${total} bytes (${(total / KB).toFixed(1)} KB), limit ${ASSETS_LIMIT}:\n  ${list.map(([f, s]) => `${f} ${s}`).join('\n  ')}`);
    // No CSS or JS anywhere else (it would escape this budget and the hashed-asset caching).
    // Except each language's search index, data loaded as a script only when searching (its
    // own budget: tests/integration/search.rs).
    const stray = walk(site.out, (f) => /\.(css|js|mjs)$/.test(f)).map((f) => path.relative(site.out, f))
      .filter((f) => !f.startsWith('assets' + path.sep) && !/^([a-z-]+\/)?search-index\.js$/i.test(f.split(path.sep).join('/')));
    assert.deepEqual(stray, [], 'CSS/JS outside assets/');
  });
}

describe('no request leaves 127.0.0.1', () => {
  let browser;
  let server;
  let context;
  before(async () => {
    server = await startServer(SAMPLE.out);
    browser = await launch();
    context = await newContext(browser, { viewport: PHONE });
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  for (const p of allPages()) {
    test(`${p.name} (${p.rel || '/'})`, async () => {
      const page = await context.newPage();
      const urls = [];
      page.on('request', (r) => urls.push(r.url()));
      try {
        await page.goto(server.base + p.rel, { waitUntil: 'networkidle' });
        if (p.kind === 'home') {
          await page.locator('#q').fill(p.lang === 'en' ? 'rent' : '租房');
          await page.locator('#search-results li').first().waitFor();
          await page.waitForLoadState('networkidle');
        }
        // Print styles may pull in more (e.g. a background image or font).
        await page.emulateMedia({ media: 'print' });
        await page.waitForTimeout(50);
        await page.emulateMedia({ media: 'screen' });
        const foreign = urls.filter((u) => { const x = new URL(u); return x.protocol !== 'data:' && x.hostname !== '127.0.0.1'; });
        assert.deepEqual(foreign, [], `requests to other hosts from ${p.rel || '/'}`);
        assert.ok(urls.length >= 3, `only ${urls.length} requests (page, CSS, JS expected)`);
      } finally {
        await page.close();
      }
    });
  }
});
