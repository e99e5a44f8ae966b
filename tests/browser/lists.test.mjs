// Lists inside a cancelled item's alternative on the home page keep their bullets and read as
// sentences: the flex layout of the item list applies to its own entries only, not to a list
// nested in an entry (issue 17: bullets gone, bold words on their own lines, a lone "；").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers/server.mjs';
import { SAMPLE, LANGS } from './helpers/site.mjs';
import { launch, newContext, PHONE, screenshot, screenshotPath } from './helpers/browser.mjs';

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

for (const lang of LANGS) {
  test(`${lang.code} home: lists inside an alternative are lists, their bold words inline`, async () => {
    const context = await newContext(browser, { viewport: PHONE });
    const page = await context.newPage();
    try {
      await page.goto(server.base + lang.prefix, { waitUntil: 'networkidle' });
      const nested = await page.$$eval('ul.items > li .alternative li', (lis) => lis.map((li) => {
        const style = getComputedStyle(li);
        const lineHeight = parseFloat(getComputedStyle(li).lineHeight) || 24;
        // Each bold word sits on a line with text around it, not on a line of its own: it
        // shares its top with a neighbouring text box, or the whole entry is one line.
        const strongs = [...li.querySelectorAll('strong')].map((s) => {
          const r = s.getBoundingClientRect();
          return { width: r.width, full: Math.abs(r.width - li.getBoundingClientRect().width) < 2 };
        });
        return {
          text: li.textContent.slice(0, 30),
          display: style.display,
          bullet: style.listStyleType,
          parentDisplay: getComputedStyle(li.parentElement).display,
          lonePunctuation: [...li.childNodes].some((n) => n.nodeType === 3 && /^[；;，。]$/.test(n.textContent.trim())
            && n.previousSibling && getComputedStyle(n.previousSibling).display === 'block'),
          strongsOwnLine: strongs.filter((s) => s.full).length,
          tall: li.getBoundingClientRect().height > lineHeight * 12,
        };
      }));
      assert.ok(nested.length >= 3, `expected lists in the sample's alternatives, found ${nested.length}`);
      const bad = nested.filter((n) => n.display !== 'list-item' || n.bullet === 'none' || n.parentDisplay === 'flex'
        || n.lonePunctuation || n.strongsOwnLine > 0 || n.tall);
      await screenshot(page, { path: screenshotPath(`${lang.code}-home-alternative-lists`), fullPage: true });
      assert.deepEqual(bad, [], JSON.stringify(bad, null, 1));
      // The item list's own entries keep their layout.
      const entries = await page.$$eval('ul.items > li', (lis) => lis.map((li) => getComputedStyle(li).display));
      assert.ok(entries.length > 10 && entries.every((d) => d === 'flex'), entries.join(','));
    } finally {
      await context.close();
    }
  });
}
