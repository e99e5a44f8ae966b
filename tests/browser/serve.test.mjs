// 1. The test server itself behaves like the portal: sub-path, index files, content types,
//    404.html with status 404, and the CSP header on every response.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServer, CSP, BASE_PATH } from './helpers/server.mjs';
import { SAMPLE, walk } from './helpers/site.mjs';

let server;
let tmp;
let tmpServer;

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

before(async () => {
  server = await startServer(SAMPLE.out);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-serve-'));
  fs.writeFileSync(path.join(tmp, 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(path.join(tmp, '404.html'), '<!doctype html><title>missing</title>');
  fs.writeFileSync(path.join(tmp, 'pixel.png'), PNG);
  fs.writeFileSync(path.join(tmp, 'feed.xml'), '<?xml version="1.0"?><feed/>');
  fs.mkdirSync(path.join(tmp, 'dir'));
  fs.writeFileSync(path.join(tmp, 'dir', 'index.html'), '<!doctype html><title>dir</title>');
  tmpServer = await startServer(tmp);
});

after(async () => {
  await server?.close();
  await tmpServer?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function get(url, init) {
  const r = await fetch(url, { redirect: 'manual', ...init });
  return { status: r.status, type: r.headers.get('content-type'), csp: r.headers.get('content-security-policy'), body: Buffer.from(await r.arrayBuffer()), headers: r.headers };
}

test('server listens on 127.0.0.1 under the sub-path', () => {
  assert.match(server.base, /^http:\/\/127\.0\.0\.1:\d+\/a\/b\/zmsx\/$/);
  assert.notEqual(server.port, 0);
});

test('dir/ serves dir/index.html, and the home page of each language is HTML', async () => {
  for (const rel of ['', 'en/', 'items/death/', 'en/items/death/', 'changelog/']) {
    const r = await get(server.base + rel);
    assert.equal(r.status, 200, `${rel || '/'}`);
    assert.equal(r.type, 'text/html; charset=utf-8', rel);
    const expected = fs.readFileSync(path.join(SAMPLE.out, rel, 'index.html'));
    assert.ok(r.body.equals(expected), `${rel}: body is not ${rel}index.html`);
  }
  const t = await get(tmpServer.base + 'dir/');
  assert.equal(t.status, 200);
  assert.match(t.body.toString(), /<title>dir<\/title>/);
});

test('a directory without trailing slash redirects to dir/', async () => {
  const r = await get(server.base + 'items/death');
  assert.equal(r.status, 301);
  assert.equal(r.headers.get('location'), BASE_PATH + 'items/death/');
});

test('content types: html, css, js, json, svg, xml, png', async () => {
  const files = walk(SAMPLE.out).map((f) => path.relative(SAMPLE.out, f).split(path.sep).join('/'));
  const pick = (re) => {
    const f = files.find((x) => re.test(x));
    assert.ok(f, `the sample site has no file matching ${re}`);
    return f;
  };
  const cases = [
    [server, pick(/^assets\/.*\.css$/), 'text/css; charset=utf-8'],
    [server, pick(/^assets\/.*\.js$/), 'text/javascript; charset=utf-8'],
    [server, pick(/^search\.json$/), 'application/json; charset=utf-8'],
    [server, pick(/qr\.svg$/), 'image/svg+xml'],
    [server, 'items/death/index.html', 'text/html; charset=utf-8'],
    [tmpServer, 'feed.xml', 'application/xml; charset=utf-8'],
    [tmpServer, 'pixel.png', 'image/png'],
  ];
  // Whatever .xml or .png the generator writes must be served with the right type too.
  for (const f of files.filter((x) => /\.(xml|png)$/.test(x)).slice(0, 5)) {
    cases.push([server, f, f.endsWith('.png') ? 'image/png' : 'application/xml; charset=utf-8']);
  }
  for (const [srv, rel, type] of cases) {
    const r = await get(srv.base + rel);
    assert.equal(r.status, 200, rel);
    assert.equal(r.type, type, rel);
  }
  const png = await get(tmpServer.base + 'pixel.png');
  assert.ok(png.body.equals(PNG), 'png bytes differ');
});

test('missing pages get 404.html with status 404', async () => {
  const notFoundPage = fs.readFileSync(path.join(SAMPLE.out, '404.html'));
  for (const rel of ['no-such-page/', 'items/no-such-item/', 'en/nothing.html', 'assets/missing.css']) {
    const r = await get(server.base + rel);
    assert.equal(r.status, 404, rel);
    assert.equal(r.type, 'text/html; charset=utf-8', rel);
    assert.ok(r.body.equals(notFoundPage), `${rel}: body is not 404.html`);
  }
});

test('requests outside the sub-path are 404, also for files that exist in the site', async () => {
  for (const p of ['/', '/index.html', '/a/b/', '/a/b/zmsx', '/zmsx/', '/a/b/items/death/', '/search.json']) {
    const r = await get(server.origin + p);
    assert.equal(r.status, 404, p);
  }
  // Raw paths (fetch would normalise the dot segments away).
  for (const p of ['/a/b/zmsx/../../../etc/passwd', '/a/b/zmsx/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/a/b/zmsx/..%2f..%2f..%2fetc/passwd']) {
    const status = await new Promise((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: server.port, path: p }, (res) => { res.resume(); resolve(res.statusCode); }).on('error', reject);
    });
    assert.equal(status, 404, p);
  }
});

test('every response carries the Content-Security-Policy header', async () => {
  const urls = [
    server.base, server.base + 'en/', server.base + 'search.json', server.base + 'items/death/qr.svg',
    server.base + 'nope/', server.origin + '/', server.base + 'items/death', tmpServer.base + 'pixel.png',
  ];
  for (const u of urls) {
    const r = await get(u);
    assert.equal(r.csp, CSP, u);
  }
  const head = await get(server.base, { method: 'HEAD' });
  assert.equal(head.csp, CSP);
  assert.equal(head.body.length, 0);
  const post = await get(server.base, { method: 'POST', body: 'x' });
  assert.equal(post.status, 405);
  assert.equal(post.csp, CSP);
});
