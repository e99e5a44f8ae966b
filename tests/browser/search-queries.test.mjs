// 6. The citizen's search as residents ask: each request must find its item in the top 3.
// Whole sentences with filler, synonyms, traditional characters, full-width letters,
// names without their optional bracketed parts, English in other words and plurals.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { startServer } from './helpers/server.mjs';
import { SAMPLE } from './helpers/site.mjs';
import { launch, newContext, PHONE } from './helpers/browser.mjs';

// [request, item that must be in the top 3]
const ZH = [
  ['我要开无犯罪证明', 'no-criminal-record'],
  ['无犯罪证明', 'no-criminal-record'],
  ['开个无违法犯罪证明', 'no-criminal-record'],
  ['無犯罪記錄證明', 'no-criminal-record'],
  ['良民证去哪开', 'no-criminal-record'],
  ['房子租赁证明去哪开', 'residence'],
  ['租房证明', 'residence'],
  ['房屋租赁证明', 'residence'],
  ['居住证明', 'residence'],
  ['租住证明', 'residence'],
  ['我租的房子需要开居住证明', 'residence'],
  ['亲属证明', 'kinship'],
  ['親屬關係證明', 'kinship'],
  ['親屬關係', 'kinship'],
  ['亲戚关系证明怎么开', 'kinship'],
  ['婚姻证明', 'marital-status'],
  ['单身证明', 'marital-status'],
  ['結婚證丟了', 'marriage-record-lost'],
  ['领养孩子', 'adoption'],
  ['我想领养个孩子要开什么证明', 'adoption'],
  ['收养状况证明', 'adoption'],
  ['老人去世了怎么开证明', 'death'],
  ['身故证明', 'death'],
  ['死亡证明', 'death'],
  ['活着证明', 'proof-of-life'],
  ['生存证明', 'proof-of-life'],
  ['出生证明去哪开', 'birth'],
  ['户口证明', 'identity-info'],
  ['户口本写错了', 'hukou-change'],
  ['残疾证明', 'disability'],
  ['收入证明', 'personal-assets'],
  ['财产证明', 'personal-assets'],
  ['养狗证明', 'dog-keeping'],
  ['独生子女证明', 'only-child'],
  ['贫困证明', 'poor-student'],
  ['低保证明', 'poor-student'],
  ['土地承包经营权变更', 'land-contract-change'],
  ['权属来源证明', 'property-rights-source'],
  ['入党政审', 'party-member-vetting'],
  ['转学证明', 'school-transfer'],
  ['分居证明', 'marital-status'],
  ['健康证明', 'health'],
];
const EN = [
  ['I need a certificate of no criminal record', 'no-criminal-record'],
  ['criminal records', 'no-criminal-record'],
  ['rent', 'residence'],
  ['Renting', 'residence'],
  ['proof of residence', 'residence'],
  ['residence permits', 'residence'],
  ['PROOF OF LIFE', 'proof-of-life'],
  ['adopting a child', 'adoption'],
  ['kinship certificates', 'kinship'],
  ['death', 'death'],
  ['ｄｏｇ', 'dog-keeping'],
  ['marriage certificate lost', 'marriage-record-lost'],
  ['only child', 'only-child'],
  ['changing schools', 'school-transfer'],
];

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

/** The hrefs (relative to the language root) of the results for each query, in order. */
async function resultsFor(page, queries) {
  const out = [];
  const input = page.locator('form.search #q');
  await input.waitFor({ state: 'visible' });
  for (const q of queries) {
    await input.fill('');
    await input.fill(q);
    await page.locator('#search-status').filter({ hasText: /\d/ }).waitFor();
    out.push(await page.locator('#search-results > li > a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))));
  }
  return out;
}

function itemOf(href) {
  return (href.match(/items\/([^/]+)\//) || [])[1];
}

for (const [label, prefix, cases] of [['Chinese', '', ZH], ['English', 'en/', EN]]) {
  describe(`${label} requests (${cases.length})`, () => {
    let context;
    let results;
    before(async () => {
      context = await newContext(browser, { viewport: PHONE });
      const page = await context.newPage();
      await page.goto(server.base + prefix);
      results = await resultsFor(page, cases.map((c) => c[0]));
    });
    after(() => context?.close());

    cases.forEach(([query, item], i) => {
      test(`"${query}" finds items/${item}/ in the top 3`, () => {
        const top = results[i].slice(0, 3).map(itemOf);
        assert.ok(top.includes(item), `top 3 for "${query}": ${top.join(', ') || '(none)'}`);
      });
    });
  });
}

test('the query set has at least 40 requests', () => {
  assert.ok(ZH.length + EN.length >= 40);
});

describe('search opened from disk (file://)', () => {
  let context;
  before(async () => {
    // The shared context lets only 127.0.0.1 through; this one lets only file: through.
    context = await browser.newContext({ locale: 'zh-CN', viewport: PHONE });
    context.setDefaultTimeout(15_000);
    await context.route('**/*', (route) => (new URL(route.request().url()).protocol === 'file:'
      ? route.continue() : route.abort('blockedbyclient')));
  });
  after(() => context?.close());

  for (const [prefix, query, item] of [['', '我要开无犯罪证明', 'no-criminal-record'], ['en/', 'rent', 'residence']]) {
    test(`${prefix || '/'}index.html from disk: "${query}" finds items/${item}/ and its link opens`, async () => {
      const page = await context.newPage();
      try {
        await page.goto(pathToFileURL(path.join(SAMPLE.out, prefix, 'index.html')).href);
        const [hrefs] = await resultsFor(page, [query]);
        assert.equal(itemOf(hrefs[0] ?? ''), item, `results: ${hrefs.join(', ')}`);
        await page.locator('#search-results > li > a').first().click();
        await page.waitForURL((u) => u.href.startsWith('file://') && u.href.includes(`items/${item}/`));
      } finally {
        await page.close();
      }
    });
  }
});
