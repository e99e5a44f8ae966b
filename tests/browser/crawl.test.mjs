// 2. Crawl (HTTP only): from each language's home page follow every same-origin href/src/action;
//    all must answer 200, every generated page must be reached, fragments must exist.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer } from './helpers/server.mjs';
import { SAMPLE, FEEDBACK, HUAINAN, HUAINAN_PLACE, htmlFiles, linksOf, idsOf } from './helpers/site.mjs';

const MAX_PAGES = 5000;

/** Breadth-first crawl. Returns { visited: Map(url -> {status, type, from}), broken, external, fragments }. */
async function crawl(server, starts) {
  const visited = new Map();
  const queue = starts.map((u) => ({ url: u, from: '(start)', via: 'start' }));
  const external = new Map(); // url -> first page linking to it
  const broken = [];
  const fragments = []; // { url, id, from }
  const bodies = new Map();
  while (queue.length) {
    const { url, from, via } = queue.shift();
    if (visited.has(url)) continue;
    if (visited.size >= MAX_PAGES) throw new Error(`crawl: more than ${MAX_PAGES} URLs, giving up`);
    const r = await fetch(url, { redirect: 'manual' });
    const type = r.headers.get('content-type') ?? '';
    const body = Buffer.from(await r.arrayBuffer());
    visited.set(url, { status: r.status, type, from });
    if (r.status !== 200) {
      broken.push(`${r.status} ${url.slice(server.origin.length)}  (${via} on ${from.slice(server.origin.length)})`);
      continue;
    }
    if (type.startsWith('application/json') && /search\.json$/.test(url)) {
      // The search index links to item pages too (results rendered by qingdan.js).
      const data = JSON.parse(body.toString('utf8'));
      const pageUrl = new URL('.', url).href; // data-root is the language root
      for (const row of data.items ?? []) {
        queue.push({ url: new URL(row[0], pageUrl).href.replace(/#.*/, ''), from: url, via: 'search.json' });
        if (row[2] === 'renamed' && typeof row[6] === 'string' && row[6].includes('\u001f')) {
          queue.push({ url: new URL(row[6].split('\u001f')[0], pageUrl).href, from: url, via: 'search.json (renamed to)' });
        }
      }
      continue;
    }
    if (!type.startsWith('text/html')) continue;
    const html = body.toString('utf8');
    bodies.set(url, html);
    for (const link of linksOf(html)) {
      const v = link.value.trim();
      if (!v || /^(mailto|tel|javascript|data):/i.test(v)) {
        if (/^javascript:/i.test(v)) broken.push(`javascript: URL on ${url}`);
        continue;
      }
      let abs;
      try {
        abs = new URL(v, url);
      } catch {
        broken.push(`unparsable URL ${JSON.stringify(v)} (${link.tag}[${link.attr}] on ${url})`);
        continue;
      }
      if (abs.origin !== server.origin) {
        if (!external.has(abs.href)) external.set(abs.href, `${link.tag}[${link.attr}${link.rel ? ' rel=' + link.rel : ''}] on ${url.slice(server.origin.length)}`);
        continue;
      }
      if (abs.hash && abs.hash.length > 1) {
        fragments.push({ url: abs.href.replace(/#.*/, ''), id: decodeURIComponent(abs.hash.slice(1)), from: url });
      }
      abs.hash = '';
      queue.push({ url: abs.href, from: url, via: `${link.tag}[${link.attr}]=${JSON.stringify(v)}` });
    }
  }
  return { visited, broken, external, fragments, bodies };
}

for (const site of [SAMPLE, FEEDBACK, HUAINAN, HUAINAN_PLACE]) {
  describe(`crawl of the ${site.name} site`, () => {
    let server;
    let result;
    before(async () => {
      server = await startServer(site.out);
      result = await crawl(server, [server.base, server.base + 'en/']);
    });
    after(() => server?.close());

    test('every same-origin link answers 200', () => {
      const { broken, visited } = result;
      assert.ok(visited.size > 3, `only ${visited.size} URLs reached`);
      assert.deepEqual(broken, [], `broken links:\n  ${broken.join('\n  ')}`);
    });

    test('every generated page (except 404.html) is reached: no orphans', () => {
      const reached = new Set();
      for (const [url, v] of result.visited) {
        if (v.status !== 200) continue;
        let rel = url.slice(server.base.length).replace(/[?#].*/, '');
        if (rel === '' || rel.endsWith('/')) rel += 'index.html';
        reached.add(rel);
      }
      const orphans = htmlFiles(site.out).filter((f) => f !== '404.html' && !reached.has(f));
      assert.deepEqual(orphans, [], `pages no link leads to:\n  ${orphans.join('\n  ')}`);
    });

    test('every link with a #fragment points to an existing id', () => {
      const missing = [];
      for (const f of result.fragments) {
        let html = result.bodies.get(f.url);
        if (html === undefined) {
          let rel = f.url.slice(server.base.length);
          if (rel === '' || rel.endsWith('/')) rel += 'index.html';
          const file = path.join(site.out, rel);
          html = fs.existsSync(file) && file.endsWith('.html') ? fs.readFileSync(file, 'utf8') : '';
        }
        if (!idsOf(html).has(f.id)) missing.push(`#${f.id} on ${f.url.slice(server.origin.length)} (linked from ${f.from.slice(server.origin.length)})`);
      }
      assert.deepEqual([...new Set(missing)], [], `fragments without a target:\n  ${[...new Set(missing)].join('\n  ')}`);
    });

    test('external links are listed, not fetched', (t) => {
      const meta = [];
      const links = [];
      for (const [u, where] of result.external) {
        (/rel=(canonical|alternate)/.test(where) ? meta : links).push(`${u}   (first: ${where})`);
      }
      const hosts = [...new Set(meta.map((l) => new URL(l.split(' ')[0]).host))];
      t.diagnostic(`${site.name} site: ${meta.length} canonical/hreflang URL(s) on ${hosts.join(', ') || '-'} (base_url, not requests)`);
      t.diagnostic(`${site.name} site: ${links.length} external link(s), not fetched:`);
      for (const l of links.sort()) t.diagnostic(`  ${l}`);
      // None of them may be something the browser loads (a stylesheet, script, image, frame).
      const loaded = [...result.external].filter(([, where]) => /^(link\[href rel=(stylesheet|icon|preload|modulepreload)|script\[src|img\[src|img\[srcset|iframe|source|video|audio|embed|object)/.test(where));
      assert.deepEqual(loaded, [], 'resources from other hosts');
    });
  });
}
