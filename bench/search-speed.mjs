// How fast the citizen's search answers on a phone-class CPU: a benchmark, never a test.
//
//   bash bench/search-speed.sh             # city tier (1,000 items × 20 versions)
//   TIER=district bash bench/search-speed.sh
//
// bench/search-speed.sh builds the tier and runs this file with node. It opens the built
// home page from disk in headless Chromium, slows the CPU down RATE times through the
// DevTools protocol (Emulation.setCPUThrottlingRate; 4 is Lighthouse's "mid-tier mobile"),
// loads the search index once, then for every request below times, inside the page, the
// whole answer: the `input` event, matching, ranking and the result list written into the
// page (qingdan.js does it synchronously). Each request runs ROUNDS times, alternating with
// the others; the report gives the median and the 95th percentile per request and overall.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from '../tests/browser/helpers/browser.mjs';

const SITE = process.argv[2];
const RATE = Number(process.env.RATE || 4);
const ROUNDS = Number(process.env.ROUNDS || 15);
if (!SITE) throw new Error('usage: node bench/search-speed.mjs SITE_DIR');

// Requests as residents type them (whole sentences, synonyms, traditional characters,
// bracketed names, English); the synthetic tiers' names are made from the same words.
const REQUESTS = [
  '我要开无犯罪证明', '无犯罪证明', '房子租赁证明去哪开', '租房证明', '亲属关系证明',
  '婚姻证明', '低保证明', '居住证明', '领养孩子', '親屬關係證明', '老人去世了要开什么证明',
  '独生子女', '户口', '死亡证明', '出生证明怎么办', '健在证明', '收入证明', '房产证明',
  'proof of kinship', 'criminal record', 'residence', 'adoption certificate',
];

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
  await page.goto(pathToFileURL(path.join(SITE, 'index.html')).href);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
  // Load the index (a script file) the way a resident's first keystroke does.
  await page.fill('#q', '证明');
  await page.waitForFunction(() => window.qingdanSearchIndex && document.querySelector('#search-status').textContent !== '', null, { timeout: 60_000 });
  const items = await page.evaluate(() => window.qingdanSearchIndex.items.length);
  const times = Object.fromEntries(REQUESTS.map((r) => [r, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const request of round % 2 ? [...REQUESTS].reverse() : REQUESTS) {
      const ms = await page.evaluate((text) => {
        const input = document.querySelector('#q');
        input.value = text;
        const t0 = performance.now();
        input.dispatchEvent(new Event('input'));
        return performance.now() - t0;
      }, request);
      times[request].push(ms);
    }
  }
  const all = Object.values(times).flat();
  console.log(`## search speed: ${items} index entries, CPU throttled ${RATE}×, ${ROUNDS} rounds`);
  console.log('');
  console.log('| request | median ms | p95 ms |');
  console.log('| --- | ---: | ---: |');
  for (const [request, xs] of Object.entries(times)) {
    console.log(`| ${request} | ${quantile(xs, 0.5).toFixed(1)} | ${quantile(xs, 0.95).toFixed(1)} |`);
  }
  console.log(`| **all** | **${quantile(all, 0.5).toFixed(1)}** | **${quantile(all, 0.95).toFixed(1)}** |`);
} finally {
  await browser.close();
}
