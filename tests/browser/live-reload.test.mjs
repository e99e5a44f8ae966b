// `qingdan serve` in a real browser: the open page reloads itself after an edit, shows the
// problems of a broken edit over the last good page, and breaks no CSP rule while doing so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { launch, newContext } from './helpers/browser.mjs';

const BIN = process.env.QINGDAN_BIN;
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const PATIENCE = 120_000; // a liveness bound for slow machines, not a speed assertion

let browser, server, work, url;
const log = [];

before(async () => {
  if (!BIN || !fs.existsSync(BIN)) throw new Error(`QINGDAN_BIN (${BIN}) is not the qingdan binary: run through tests/browser/run.sh`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-live-'));
  fs.cpSync(path.join(ROOT, 'tests/fixtures/minimal'), path.join(work, 'content'), { recursive: true });
  server = spawn(BIN, ['serve', '--port', '0', '--base-path', '/zmsx/',
    '--content', path.join(work, 'content'), '--output', path.join(work, 'output')]);
  server.stderr.on('data', (d) => log.push(String(d)));
  url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address:\n${log.join('')}`)), PATIENCE);
    readline.createInterface({ input: server.stdout }).on('line', (line) => {
      const m = line.match(/http:\/\/\S+/);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    server.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${log.join('')}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

function edit(rel, find, replace) {
  const file = path.join(work, 'content', rel);
  const text = fs.readFileSync(file, 'utf8');
  assert.equal(text.split(find).length, 2, `${find} occurs once in ${rel}`);
  fs.writeFileSync(file, text.replace(find, replace));
}

test('the open page reloads after an edit and shows a broken build without losing the page', async () => {
  const context = await newContext(browser, { bypassCSP: false });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`), true);
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The reload script's first look at the status sets the generation it compares later
  // ones with; an edit before it would go unseen. Wait for that answer, not for a fixed time.
  // (The first question names the page only; later ones also say what the page has seen.)
  const firstStatus = page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname.endsWith('/__qingdan/status') && u.searchParams.get('page') === '/zmsx/en/items/residence/'
      && !u.searchParams.has('builds');
  }, { timeout: PATIENCE });
  const resp = await page.goto(url + 'en/items/residence/', { waitUntil: 'load' });
  assert.equal(resp.status(), 200);
  assert.match(resp.headers()['content-security-policy'] ?? '', /default-src 'self'/);
  await page.getByRole('heading', { level: 1, name: /Proof of residence/ }).waitFor();
  await (await firstStatus).finished();

  let loads = 0;
  page.on('load', () => loads++);
  edit('certificates/2023-02-21.yaml', 'en: Proof of residence }', 'en: Proof of where you live }');
  await page.getByRole('heading', { level: 1, name: /Proof of where you live/ }).waitFor({ timeout: PATIENCE });
  // The open page is made first and shown from memory; once the whole build is in place it is
  // not reloaded a second time.
  const generation = async () => (await (await fetch(url + '__qingdan/status')).json()).generation;
  const until = Date.now() + PATIENCE;
  while ((await generation()) < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  assert.equal(await generation(), 2, 'the build of the edit ended');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(loads, 1, 'the page reloaded once for one edit');

  edit('certificates/2023-02-21.yaml', '    category: housing', '    category: housing\n    colour: blue');
  const overlay = page.locator('#qingdan-build-errors');
  await overlay.waitFor({ timeout: PATIENCE });
  const text = await overlay.textContent();
  assert.match(text, /2023-02-21\.yaml/);
  assert.match(text, /colour/);
  assert.equal(await page.getByRole('alert').count(), 1, 'the problems are announced to screen readers');
  await page.getByRole('heading', { level: 1, name: /Proof of where you live/ }).waitFor();

  edit('certificates/2023-02-21.yaml', '\n    colour: blue', '');
  await overlay.waitFor({ state: 'detached', timeout: PATIENCE });
  // The mended build is a new one: the page shows it in place (which takes the panel away)
  // and then reloads, once.
  const reloaded = Date.now() + PATIENCE;
  while (loads < 2 && Date.now() < reloaded) await new Promise((r) => setTimeout(r, 50));
  assert.equal(loads, 2, 'the page reloaded once for the mended build');
  await page.waitForLoadState('load');

  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.deepEqual(errors, []);
  await context.close();
});
