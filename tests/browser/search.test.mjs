// 5. Search on the home page (with JavaScript), and the full lists without JavaScript.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers/server.mjs';
import { SAMPLE } from './helpers/site.mjs';
import { launch, newContext, PHONE } from './helpers/browser.mjs';

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

/** Type `query` into the home page's search; returns the page and the rendered results. */
async function search(context, prefix, query) {
  const page = await context.newPage();
  await page.goto(server.base + prefix);
  const input = page.locator('form.search #q');
  await input.waitFor({ state: 'visible' });
  await input.click();
  await input.fill(query);
  // Wait until the status line reflects this query (results are rendered with it).
  await page.locator('#search-status').filter({ hasText: /\d/ }).waitFor();
  const results = await page.locator('#search-results > li').evaluateAll((lis) => lis.map((li) => {
    const a = li.querySelector('a');
    return { href: a?.href ?? '', name: a?.textContent ?? '', text: li.textContent.replace(/\s+/g, ' ').trim() };
  }));
  return { page, results };
}

function describeResults(results) {
  return results.map((r, i) => `  ${i + 1}. ${r.text}  -> ${r.href}`).join('\n') || '  (none)';
}

const CASES = [
  { prefix: '', query: '死亡', item: 'death', verdict: '不再出具', first: true },
  { prefix: '', query: '租房', item: 'residence', name: '居（租）住证明', verdict: '可以出具', first: true },
  { prefix: '', query: '活着证明', item: 'proof-of-life', name: '健在证明', verdict: '不再出具', first: true },
  { prefix: '', query: '分居证明', item: 'separation', name: '分居证明', verdict: '移出清单', first: false },
  { prefix: 'en/', query: 'death', item: 'death', verdict: 'No longer issued', first: true },
  { prefix: 'en/', query: 'rent', item: 'residence', verdict: 'Can issue', first: true },
];

describe('search with JavaScript', () => {
  let context;
  before(async () => { context = await newContext(browser, { viewport: PHONE }); });
  after(() => context?.close());

  for (const c of CASES) {
    test(`${c.prefix || '/'}: "${c.query}" finds items/${c.item}/ (${c.verdict})`, async () => {
      const { page, results } = await search(context, c.prefix, c.query);
      try {
        const want = `${server.base}${c.prefix}items/${c.item}/`;
        const idx = results.findIndex((r) => r.href === want || r.href === want + 'index.html');
        assert.ok(idx >= 0, `no result links to ${want}; results:\n${describeResults(results)}`);
        const hit = results[idx];
        if (c.name) assert.equal(hit.name.trim(), c.name, 'result name');
        assert.ok(hit.text.includes(c.verdict), `result "${hit.text}" does not say "${c.verdict}"`);
        if (c.first) assert.equal(idx, 0, `items/${c.item}/ is result ${idx + 1}, not the first:\n${describeResults(results)}`);
        // Following the result opens the item page with the same verdict.
        await page.locator('#search-results > li').nth(idx).locator('a').first().click();
        await page.waitForURL((u) => u.href.startsWith(want));
        const verdict = await page.locator('.verdict-word').innerText();
        assert.ok(verdict.includes(c.verdict), `item page verdict "${verdict}" does not say "${c.verdict}"`);
      } finally {
        await page.close();
      }
    });
  }

  for (const [prefix, query] of [['', '租房'], ['', '分居'], ['en/', 'rent']]) {
    test(`${prefix || '/'}: every result badge for "${query}" says what its item page says`, async () => {
      const { page, results } = await search(context, prefix, query);
      try {
        const badges = await page.locator('#search-results > li').evaluateAll((lis) => lis.map((li) => {
          const b = li.querySelector('.badge');
          const clone = b ? b.cloneNode(true) : null;
          clone?.querySelectorAll('[aria-hidden="true"]').forEach((x) => x.remove());
          return { href: li.querySelector('a')?.href, badge: (clone?.textContent ?? '').replace(/\s+/g, ' ').trim() };
        }));
        assert.ok(badges.length >= 2, `expected several results:\n${describeResults(results)}`);
        const wrong = [];
        const item = await context.newPage();
        try {
          for (const r of badges) {
            await item.goto(r.href);
            const verdict = await item.locator('.verdict-word').evaluate((v) => {
              const clone = v.cloneNode(true);
              clone.querySelectorAll('[aria-hidden="true"]').forEach((x) => x.remove());
              return clone.textContent.replace(/\s+/g, ' ').trim();
            });
            if (r.badge !== verdict) wrong.push(`${r.href.slice(server.base.length)}: search badge "${r.badge}", item page verdict "${verdict}"`);
          }
        } finally {
          await item.close();
        }
        assert.deepEqual(wrong, [], wrong.join('\n'));
      } finally {
        await page.close();
      }
    });
  }

  for (const [prefix, query] of [['', '火星证明'], ['', 'xyzxyz'], ['en/', 'xyzxyz'], ['en/', 'martian permit']]) {
    test(`${prefix || '/'}: nonsense "${query}" shows #search-empty with the phone link`, async () => {
      const { page, results } = await search(context, prefix, query);
      try {
        assert.deepEqual(results, [], `unexpected results:\n${describeResults(results)}`);
        const empty = page.locator('#search-empty');
        assert.ok(await empty.isVisible(), '#search-empty is not visible');
        const tel = empty.locator('a[href^="tel:"]');
        assert.equal(await tel.count(), 1, 'no tel: link in #search-empty');
        assert.ok(await tel.isVisible(), 'the phone link is not visible');
        assert.match(await tel.innerText(), /\d{3,4}-?\d{7,8}/);
        // The rule for certificates on neither list, as content/site.yaml states it.
        const rule = empty.locator('.not-on-list');
        assert.ok(await rule.isVisible(), 'the rule for certificates not on the list is not visible');
        assert.equal(await rule.innerText(), prefix ? 'Village and community committees issue no certificate that is not on this list.' : '清单以外的证明，村（居）民委员会一律不出具。');
        // Clearing the box hides the message again.
        await page.locator('#q').fill('');
        await page.waitForFunction(() => document.querySelector('#search-empty').hidden);
      } finally {
        await page.close();
      }
    });
  }
});

describe('home page without JavaScript', () => {
  let context;
  before(async () => { context = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false }); });
  after(() => context?.close());

  for (const prefix of ['', 'en/']) {
    test(`${prefix || '/'}: search form hidden, full grouped lists present with links`, async () => {
      const page = await context.newPage();
      try {
        await page.goto(server.base + prefix);
        assert.equal(await page.locator('form.search').count(), 1, 'no form.search in the page');
        assert.equal(await page.locator('form.search').isVisible(), false, 'form.search is visible without JavaScript');
        for (const list of ['.issued-list', '.cancelled-list']) {
          const section = page.locator(list);
          assert.equal(await section.count(), 1, `${list} missing`);
          assert.ok(await section.isVisible(), `${list} not visible`);
          const hrefs = await section.locator('ul.items a').evaluateAll((as) => as.map((a) => a.href));
          assert.ok(hrefs.length >= 3, `${list} has ${hrefs.length} links`);
          for (const h of hrefs) assert.ok(h.startsWith(`${server.base}${prefix}items/`), `${list}: link ${h} is not an item page`);
          assert.ok((await section.locator('h3').count()) >= 1, `${list} is not grouped by category (no h3)`);
        }
        const issued = await page.locator('.issued-list ul.items a').evaluateAll((as) => as.map((a) => a.href));
        assert.ok(issued.some((h) => h.includes('/items/residence/')), 'residence is not in the issued list');
        const cancelled = await page.locator('.cancelled-list ul.items a').evaluateAll((as) => as.map((a) => a.href));
        assert.ok(cancelled.some((h) => h.includes('/items/death/')), 'death is not in the cancelled list');
      } finally {
        await page.close();
      }
    });

    for (const [word, item, verdict] of prefix
      ? [['good conduct certificate', 'no-criminal-record', 'No longer issued'], ['renting', 'residence', 'Can issue']]
      : [['良民证', 'no-criminal-record', '不再出具'], ['租房', 'residence', '可以出具'], ['活着证明', 'proof-of-life', '不再出具']]) {
      test(`${prefix || '/'}: without JavaScript, the link where the search box is leads by "${word}" to items/${item}/`, async () => {
        const page = await context.newPage();
        try {
          await page.goto(server.base + prefix);
          const link = page.locator('.words-link a');
          assert.ok(await link.isVisible(), 'no visible link to the word index where the search box would be');
          await link.click();
          await page.waitForURL((u) => u.hash === '#words-heading');
          // The word files under its first character, listed at the top of the index.
          const initial = word[0].toUpperCase();
          await page.locator('.words-initials a', { hasText: new RegExp(`^${initial}$`) }).click();
          const group = page.locator(`.words h3[id="${new URL(page.url()).hash.slice(1)}"] + ul`);
          // Under one word, the current item comes before removed and renamed ones.
          const entry = group.locator('li', { has: page.locator('a', { hasText: new RegExp(`^${word}$`) }) }).first();
          assert.ok((await entry.locator('a').getAttribute('href')).includes(`items/${item}/`), `the first "${word}" entry is ${await entry.innerText()}`);
          assert.ok(await entry.isVisible(), `"${word}" is not under ${initial}`);
          assert.ok((await entry.innerText()).includes(verdict), `entry "${await entry.innerText()}" does not say ${verdict}`);
          await entry.locator('a').first().click();
          await page.waitForURL((u) => u.href.startsWith(`${server.base}${prefix}items/${item}/`));
          assert.ok((await page.locator('.verdict-word').innerText()).includes(verdict));
        } finally {
          await page.close();
        }
      });
    }

    test(`${prefix || '/'}: the text-size/contrast buttons (they need JavaScript) are not shown`, async () => {
      const page = await context.newPage();
      try {
        await page.goto(server.base + prefix);
        const box = page.locator('.a11y-controls');
        assert.equal(await box.getAttribute('hidden'), '', '.a11y-controls lost its hidden attribute');
        const display = await box.evaluate((e) => getComputedStyle(e).display);
        assert.equal(await box.isVisible(), false,
          `.a11y-controls[hidden] is visible without JavaScript (computed display: ${display}): buttons that do nothing`);
      } finally {
        await page.close();
      }
    });
  }
});
