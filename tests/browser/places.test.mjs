// Issue 20: the place picker and the place pages. Without JavaScript the picker is a plain
// nested list of every place of content/places.yaml, and a community's link opens its page;
// axe finds nothing on the picker and a community page at phone width; under the portal's
// CSP the places' own style sheet applies (big targets) and nothing is refused.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import YAML from 'yaml';
import { startServer } from './helpers/server.mjs';
import { SAMPLE } from './helpers/site.mjs';
import { launch, newContext, screenshot, screenshotPath, formatAxe, PHONE } from './helpers/browser.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The places of the sample, as places.yaml lists them. */
function places() {
  return YAML.parse(fs.readFileSync(path.join(SAMPLE.content, 'places.yaml'), 'utf8')).places;
}
const nameOf = (p) => (typeof p.name === 'string' ? p.name : p.name['zh-CN']);

let browser;
let server;
before(async () => {
  server = await startServer(SAMPLE.out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

describe('the place picker without JavaScript', () => {
  let context;
  before(async () => { context = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false }); });
  after(() => context?.close());

  test('lists every place, and a community link opens its page', async () => {
    const page = await context.newPage();
    try {
      const resp = await page.goto(server.base + 'places/', { waitUntil: 'load' });
      assert.equal(resp.status(), 200);
      const links = page.locator('nav.place-tree a');
      const names = (await links.allTextContents()).map((s) => s.trim());
      assert.deepEqual([...names].sort(), places().map(nameOf).sort());
      const community = places().find((p) => p.level === 'community');
      const link = page.locator('nav.place-tree ul ul ul a', { hasText: nameOf(community) });
      assert.ok(await link.isVisible(), `${nameOf(community)} is shown without JavaScript`);
      await screenshot(page, { path: screenshotPath('places-picker-nojs'), fullPage: true });
      await Promise.all([page.waitForURL(`**/places/${community.id}/index.html`), link.click()]);
      assert.equal((await page.locator('h1').textContent()).trim(), nameOf(community));
      const parent = places().find((p) => p.id === community.parent);
      const crumbs = (await page.locator('nav.breadcrumb li').allTextContents()).map((s) => s.trim());
      assert.equal(crumbs.at(-2), nameOf(parent));
      assert.equal(crumbs.at(-1), nameOf(community));
      if (community.phone) {
        const tel = await page.locator('dl.place-facts a[href^="tel:"]').getAttribute('href');
        assert.equal(tel, 'tel:' + community.phone.replace(/[^0-9+]/g, ''));
      }
    } finally {
      await page.close();
    }
  });
});

describe('the place pages under the portal CSP', () => {
  let context;
  before(async () => { context = await newContext(browser, { viewport: PHONE }); });
  after(() => context?.close());

  for (const rel of ['places/', 'places/longhu/', 'en/places/']) {
    test(`${rel} loads its style sheet, with targets big enough to tap, and breaks no rule`, async () => {
      const page = await context.newPage();
      const refused = [];
      page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()); });
      try {
        const resp = await page.goto(server.base + rel, { waitUntil: 'load' });
        assert.equal(resp.status(), 200);
        const selector = rel.includes('longhu') ? 'nav.breadcrumb a' : 'nav.place-tree a';
        const heights = await page.locator(selector).evaluateAll((as) => as.map((a) => a.getBoundingClientRect().height));
        assert.ok(heights.length > 0);
        for (const h of heights) assert.ok(h >= 44, `a link of ${h}px on ${rel}`);
        assert.deepEqual(refused, []);
      } finally {
        await page.close();
      }
    });
  }
});

describe('axe on the place pages at phone width', () => {
  let context;
  before(async () => {
    // bypassCSP only so that axe can be injected, as in a11y.test.mjs.
    context = await newContext(browser, { viewport: PHONE, bypassCSP: true });
    await context.addInitScript({ content: AXE_SOURCE });
  });
  after(() => context?.close());

  for (const rel of ['places/', 'places/longhu/', 'en/places/chaoyang/']) {
    test(`${rel} has no WCAG 2.1 A/AA violations`, { timeout: 60_000 }, async () => {
      const page = await context.newPage();
      try {
        const resp = await page.goto(server.base + rel, { waitUntil: 'load' });
        assert.equal(resp.status(), 200);
        await page.waitForFunction(() => typeof window.axe?.run === 'function');
        const results = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
          TAGS,
        );
        const v = results.violations;
        assert.equal(v.length, 0, `${v.length} axe violation(s) on ${rel}:\n${formatAxe(v)}`);
      } finally {
        await page.close();
      }
    });
  }
});

describe('the place picker with JavaScript', () => {
  let context;
  before(async () => { context = await newContext(browser, { viewport: PHONE }); });
  after(() => context?.close());

  test('a name typed narrows the list to that place, the way there and its own places', async () => {
    const page = await context.newPage();
    try {
      await page.goto(server.base + 'places/', { waitUntil: 'load' });
      const input = page.getByLabel('按名称查找');
      assert.ok(await input.isVisible(), 'the filter is shown when JavaScript runs');
      const all = places();
      const community = all.find((p) => p.level === 'community');
      const other = all.find((p) => p.level === 'community' && p.parent !== community.parent);
      await input.fill(nameOf(community));
      const link = (p) => page.locator('nav.place-tree a', { hasText: nameOf(p) });
      assert.ok(await link(community).isVisible(), 'the place typed is shown');
      assert.ok(await link(all.find((p) => p.id === community.parent)).isVisible(), 'and the place above it');
      assert.ok(!(await link(other).isVisible()), `${nameOf(other)} is hidden`);
      assert.ok(!(await page.locator('.place-filter-none').isVisible()));
      await input.fill('不存在的地名');
      assert.ok(await page.locator('.place-filter-none').isVisible(), 'nothing found is said');
      await input.fill('');
      assert.ok(await link(other).isVisible(), 'an empty box shows every place again');
      // The township typed shows its communities too.
      const township = all.find((p) => p.id === other.parent);
      await input.fill(nameOf(township));
      assert.ok(await link(other).isVisible(), 'a township typed shows its communities');
    } finally {
      await page.close();
    }
  });
});
