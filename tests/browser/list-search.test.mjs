// The home page's search box finds the items of the other lists (site.yaml `lists:`) too:
// after the certificates, each with its list's name (所属清单：…) and, once removed, the date,
// linking to the item's page. Built here from tests/fixtures/list-kinds, with one burdens
// item added to the copy that shares a word (租住) with a certificate, so that one query
// finds both.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './helpers/server.mjs';
import { launch, newContext, PHONE } from './helpers/browser.mjs';

const BIN = process.env.QINGDAN_BIN;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

const ASSISTANCE = {
  '': '所属清单：村（社区）依法协助政府工作事项清单',
  'en/': 'List: Work village and community committees do to assist the government under law',
};
const BURDENS = {
  '': '所属清单：测试区不应由村（社区）承担的工作事项清单',
  'en/': 'List: Test district: work committees should not be given',
};

let work, server, browser;
before(async () => {
  if (!BIN || !fs.existsSync(BIN)) throw new Error(`QINGDAN_BIN (${BIN}) is not the qingdan binary: run through tests/browser/run.sh`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-list-search-'));
  const content = path.join(work, 'content');
  fs.cpSync(path.join(ROOT, 'tests/fixtures/list-kinds'), content, { recursive: true });
  fs.appendFileSync(path.join(content, 'lists/burdens/2023-01-10.yaml'), [
    '  - id: tenancy-checks',
    '    name: { zh-CN: 逐户核查居民租住情况, en: Checking every household\'s tenancy }',
    '    reason: 核查租住情况是公安机关和住房部门的工作。',
    '    responsible: 区公安分局',
    '',
  ].join('\n'));
  execFileSync(BIN, ['build', '--content', content, '--output', path.join(work, 'site')], { stdio: 'pipe' });
  server = await startServer(path.join(work, 'site'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Types `query` into the home page's search; the page and its results, in order. */
async function search(page, prefix, query) {
  await page.goto(server.base + prefix);
  const input = page.locator('form.search #q');
  await input.waitFor({ state: 'visible' });
  await input.fill(query);
  await page.locator('#search-status').filter({ hasText: /\d/ }).waitFor();
  const home = server.base + prefix;
  const results = await page.locator('#search-results > li').evaluateAll((lis, root) => lis.map((li) => ({
    // From the language's home, where the results link from (relative, as `../en/…` there).
    href: (li.querySelector('a')?.href ?? '').replace(root, ''),
    name: li.querySelector('a')?.textContent ?? '',
    list: li.querySelector('.result-detail')?.textContent ?? '',
    badge: li.querySelector('.badge')?.textContent.replace(/\s+/g, ' ').trim() ?? '',
  })), home);
  return {
    results,
    status: await page.locator('#search-status').innerText(),
    empty: await page.locator('#search-empty').isVisible(),
  };
}

const show = (results) => results.map((r, i) => `  ${i + 1}. ${r.name} [${r.badge}] ${r.list} -> ${r.href}`).join('\n') || '  (none)';

describe('list items in the search box', () => {
  let context;
  before(async () => { context = await newContext(browser, { viewport: PHONE }); });
  after(() => context?.close());

  const CASES = [
    // No certificate says 人口普查 or census: the list item alone, with its list's name.
    { prefix: '', query: '人口普查', href: 'lists/assistance/items/census/', name: '协助开展人口普查', list: ASSISTANCE, certificates: 0, h1: '协助开展人口普查' },
    { prefix: 'en/', query: 'census', href: 'lists/assistance/items/census/', name: 'Help with the population census', list: ASSISTANCE, certificates: 0, h1: 'Help with the population census' },
    // 租住: the certificates (居（租）住证明, and 租住证明 renamed into it) first, then the burden.
    { prefix: '', query: '租住', href: 'lists/burdens/items/tenancy-checks/', name: '逐户核查居民租住情况', list: BURDENS, certificates: 2, h1: '逐户核查居民租住情况' },
    // Proof of tenancy, renamed into Proof of residence, whose English says nothing of tenancy.
    { prefix: 'en/', query: 'tenancy', href: 'lists/burdens/items/tenancy-checks/', name: 'Checking every household\'s tenancy', list: BURDENS, certificates: 1, h1: 'Checking every household' },
    // Removed in the version of 2023-09-01: it says so, as a removed certificate does.
    { prefix: '', query: '农户家庭调查', href: 'lists/assistance/items/old-survey/', name: '协助开展农户家庭调查', list: ASSISTANCE, certificates: 0, removed: '已于2023年9月1日移出清单', h1: '协助开展农户家庭调查' },
  ];

  for (const c of CASES) {
    test(`${c.prefix || '/'}: "${c.query}" shows ${c.href} after ${c.certificates} certificate(s), with its list's name`, async () => {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      try {
        const { results, status, empty } = await search(page, c.prefix, c.query);
        const at = results.findIndex((r) => r.href === c.href + 'index.html');
        assert.ok(at >= 0, `no result links to ${c.href}:\n${show(results)}`);
        const hit = results[at];
        assert.equal(hit.name, c.name);
        assert.equal(hit.list, c.list[c.prefix]);
        // The certificates come first, each with its verdict and no list name.
        const label = c.list[c.prefix].slice(0, 5);
        const certificates = results.filter((r) => r.href.startsWith('items/'));
        assert.equal(certificates.length, c.certificates, show(results));
        assert.ok(certificates.every((r) => r.badge && !r.list.startsWith(label)), show(results));
        assert.ok(results.slice(0, c.certificates).every((r) => r.href.startsWith('items/')), `certificates first:\n${show(results)}`);
        assert.ok(results.slice(c.certificates).every((r) => r.href.startsWith('lists/')), show(results));
        if (c.removed) assert.ok(hit.badge.includes(c.removed), `"${hit.badge}" says "${c.removed}"`);
        else assert.equal(hit.badge, '', 'a listed item has no verdict');
        assert.ok(status.includes(String(results.length)), `status "${status}" counts ${results.length}`);
        assert.equal(empty, false, '"nothing found" hidden when a list item is found');
        // The link (relative, as every result) opens the item's page under the site's path.
        await page.locator('#search-results > li').nth(at).locator('a').click();
        await page.waitForURL((u) => u.href.startsWith(server.base + c.prefix + c.href));
        assert.ok((await page.locator('h1').innerText()).includes(c.h1));
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
    });
  }

  test('/: a query found nowhere still says so', async () => {
    const page = await context.newPage();
    try {
      const { results, empty } = await search(page, '', '火星证明');
      assert.deepEqual(results, []);
      assert.equal(empty, true);
    } finally {
      await page.close();
    }
  });
});
