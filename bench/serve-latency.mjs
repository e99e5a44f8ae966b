// From a save to the page open in `qingdan serve` showing it: a benchmark, never a test.
//
//   bash bench/serve-latency.sh                        # city tier, 10 edits per server run
//   TIER=district ROUNDS=3 bash bench/serve-latency.sh
//
// bench/serve-latency.sh makes the tier and runs `node bench/serve-latency.mjs QINGDAN CONTENT`.
// The edit is issue 21's one-item edit: the first "working days" of the newest version file,
// toggled to "business days" and back. Four server runs, the cache on (default) and off
// (QINGDAN_CACHE=off) in the order on, off, off, on; each on a fresh copy of the content and a
// fresh output folder. Each run opens the edited item's English page in headless Chromium,
// waits for the live-reload script's first status answer (an edit before it goes unseen), then
// ROUNDS times: writes the file in one call and waits until the page's text has the new
// phrase (put in place by the reload script, which then reloads the page). Both ends are read
// from the same wall clock, Date.now(): in node just before the write, in the page at the
// first animation frame where the text is there (the frame it is painted in). The page can show the edit before serve has written the rest of the site; the
// next round starts 300 ms after that build has ended, so the watcher is idle. Progress goes
// to stderr, the Markdown report to stdout.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { launch, newContext } from '../tests/browser/helpers/browser.mjs';

const [BIN, CONTENT] = process.argv.slice(2);
if (!BIN || !CONTENT) throw new Error('usage: node bench/serve-latency.mjs QINGDAN CONTENT_DIR');
const ROUNDS = Number(process.env.ROUNDS || 10);
const TIER = process.env.TIER || '?';
const BUDGET_MS = 200;
const PATIENCE = 120_000; // a liveness bound for a slow machine, not part of the figure
const WORK = path.dirname(path.resolve(CONTENT));
const MODES = { on: {}, off: { QINGDAN_CACHE: 'off' } };
// ORDER=off,on runs one of each (for a quick look); the default alternates two of each.
const ORDER = process.env.ORDER
  ? process.env.ORDER.split(',').map((mode, i) => [mode, i + 1])
  : [['on', 1], ['off', 1], ['off', 2], ['on', 2]];
const say = (line) => process.stderr.write(`== ${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The newest version file, the first "working days" in it and the item it belongs to.
const versions = fs.readdirSync(path.join(CONTENT, 'certificates')).filter((f) => f.endsWith('.yaml')).sort();
const VERSION = path.join('certificates', versions.at(-1));
const original = fs.readFileSync(path.join(CONTENT, VERSION), 'utf8');
const AT = original.indexOf('working days');
if (AT < 0) throw new Error(`no "working days" in ${VERSION}`);
const ids = [...original.slice(0, AT).matchAll(/^ {2}- id: (\S+)$/gm)];
if (!ids.length) throw new Error(`no item id before the first "working days" in ${VERSION}`);
const ITEM = ids.at(-1)[1];
const PHRASES = ['working days', 'business days'];
const withPhrase = (phrase) => original.slice(0, AT) + phrase + original.slice(AT + 'working days'.length);

// `built … in 123.45ms` (Rust's Debug form of a Duration), in milliseconds.
function rebuildMs(line) {
  const m = line.match(/^built .* in ([\d.]+)(ns|µs|us|ms|s)$/);
  if (!m) return null;
  return Number(m[1]) * { ns: 1e-6, 'µs': 1e-3, us: 1e-3, ms: 1, s: 1000 }[m[2]];
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

async function startServe(content, output, env) {
  const log = [];
  const server = spawn(BIN, ['serve', '--port', '0', '--content', content, '--output', output], {
    env: { ...process.env, QINGDAN_LANG: 'en', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  readline.createInterface({ input: server.stderr }).on('line', (line) => log.push(line));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address:\n${log.join('\n')}`)), PATIENCE);
    readline.createInterface({ input: server.stdout }).on('line', (line) => {
      const m = line.match(/http:\/\/\S+/);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}:\n${log.join('\n')}`)); });
  });
  const stopped = new Promise((resolve) => server.on('exit', resolve));
  return { url, log, stop: () => { server.kill('SIGINT'); return stopped; } };
}

// A page's first status question names the page only; the ones after also say what it has seen.
// The preview's own status (what the open pages ask), read from node.
async function serveStatus(url) {
  return (await fetch(new URL('__qingdan/status', url))).json();
}

// Until serve has ended a build after the one counted in `before`, and runs none.
async function buildEnded(url, before) {
  const until = Date.now() + PATIENCE;
  for (;;) {
    const s = await serveStatus(url);
    if (s.builds > before && !s.building) return;
    if (Date.now() > until) throw new Error('serve did not end its build');
    await sleep(20);
  }
}

const isFirstStatus = (r) => {
  const url = new URL(r.url());
  return url.pathname.endsWith('/__qingdan/status') && !url.searchParams.has('builds');
};

async function run(browser, mode, rep) {
  const content = path.join(WORK, `content-${mode}-${rep}`);
  const output = path.join(WORK, `out-${mode}-${rep}`);
  for (const dir of [content, output, `${output}.qingdan-cache`]) fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(CONTENT, content, { recursive: true });
  const server = await startServe(content, output, MODES[mode]);
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const shown = [], rebuilt = [];
  let overlays = 0;
  try {
    let firstStatus = page.waitForResponse(isFirstStatus, { timeout: PATIENCE });
    const resp = await page.goto(`${server.url}en/items/${ITEM}/`, { waitUntil: 'load', timeout: PATIENCE });
    if (resp.status() !== 200) throw new Error(`en/items/${ITEM}/ answered ${resp.status()}`);
    await (await firstStatus).finished();
    for (let round = 1; round <= ROUNDS; round++) {
      const phrase = PHRASES[round % 2];
      // The phrase may also be on the page elsewhere, so the page must have it more often
      // than before (shown in place by the reload script, then in the reloaded page).
      const before = await page.evaluate((p) => document.body.innerText.split(p).length - 1, phrase);
      const linesBefore = server.log.length;
      const buildsBefore = (await serveStatus(server.url)).builds;
      firstStatus = page.waitForResponse(isFirstStatus, { timeout: PATIENCE });
      const text = withPhrase(phrase);
      const saved = Date.now();
      fs.writeFileSync(path.join(content, VERSION), text);
      const seen = await page.waitForFunction(([p, n]) => document.body
        && document.readyState !== 'loading' && document.body.innerText.split(p).length - 1 > n && Date.now(),
      [phrase, before], { polling: 'raf', timeout: PATIENCE });
      const ms = (await seen.jsonValue()) - saved;
      // The reloaded page's first status answer: the next edit is seen only after it.
      await (await firstStatus).finished();
      // The page may show the edit before serve has written the rest of the site: the next
      // edit waits for that build to end, so that each round starts with the watcher idle.
      await buildEnded(server.url, buildsBefore);
      await sleep(300);
      if (await page.locator('#qingdan-build-errors').count()) overlays++;
      const builds = server.log.slice(linesBefore).map(rebuildMs).filter((x) => x !== null);
      shown.push(ms);
      if (builds.length) rebuilt.push(builds.at(-1));
      say(`${mode} run ${rep} round ${round}: shown after ${ms} ms; serve says ${builds.length ? builds.map((b) => b.toFixed(1)).join(', ') + ' ms' : 'no rebuild line'}`);
    }
  } finally {
    await context.close();
    await server.stop();
    for (const dir of [content, output, `${output}.qingdan-cache`]) fs.rmSync(dir, { recursive: true, force: true });
  }
  if (errors.length) say(`${mode} run ${rep}: page errors: ${errors.join('; ')}`);
  if (overlays) say(`${mode} run ${rep}: the build-error panel was up after ${overlays} round(s)`);
  return { shown, rebuilt, overlays, errors: errors.length };
}

const results = { on: { shown: [], rebuilt: [], overlays: 0, errors: 0 }, off: { shown: [], rebuilt: [], overlays: 0, errors: 0 } };
say(`${TIER} tier: ${ROUNDS} edits per run of "working days" in ${VERSION}, item ${ITEM}`);
const browser = await launch();
try {
  for (const [mode, rep] of ORDER) {
    const r = await run(browser, mode, rep);
    results[mode].shown.push(...r.shown);
    results[mode].rebuilt.push(...r.rebuilt);
    results[mode].overlays += r.overlays;
    results[mode].errors += r.errors;
  }
} finally {
  await browser.close();
}

const load = fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
console.log(`## serve: save → shown in Chromium, ${TIER} tier, item \`${ITEM}\``);
console.log('');
console.log('| cache | edits | median ms | p90 ms | min ms | max ms | serve rebuild median ms | median < 200 ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const mode of ['on', 'off']) {
  const { shown, rebuilt } = results[mode];
  const m = median(shown);
  const rb = rebuilt.length ? median(rebuilt).toFixed(1) : '–';
  console.log(`| ${mode} | ${shown.length} | ${m.toFixed(0)} | ${quantile(shown, 0.9)} | ${Math.min(...shown)} | ${Math.max(...shown)} | ${rb} | ${m < BUDGET_MS ? 'yes' : 'no'} |`);
}
console.log('');
console.log(`Runs in the order on, off, off, on; ${ROUNDS} edits each. ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores (nproc), load average ${load}, ${date}.`);
const trouble = ['on', 'off'].filter((m) => results[m].overlays || results[m].errors);
if (trouble.length) console.log(`Build-error panel or page errors seen with the cache ${trouble.join(' and ')} (see stderr).`);
