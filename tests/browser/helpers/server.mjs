// A small static HTTP server for the generated site, standing in for the government portal:
// the site is served under a sub-path (BASE_PATH), with the portal's Content-Security-Policy on
// every response, `dir/` -> `dir/index.html`, and 404.html (status 404) for anything missing.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

export const BASE_PATH = '/a/b/zmsx/';
export const FEEDBACK_ORIGIN = 'https://portal.example.gov.cn';
export const CSP =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; " +
  `form-action 'self' ${FEEDBACK_ORIGIN}`;

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
};

export function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Serve `root` under BASE_PATH on 127.0.0.1 at a random free port.
 * Returns { origin, base (origin + BASE_PATH), port, requests (log of [method, url, status]), close() }.
 */
export async function startServer(root, { basePath = BASE_PATH } = {}) {
  const absRoot = path.resolve(root);
  if (!fs.existsSync(path.join(absRoot, 'index.html'))) {
    throw new Error(`startServer: ${absRoot} has no index.html (was the site built?)`);
  }
  const requests = [];

  function send(res, status, file, headOnly, extraHeaders = {}) {
    const body = file ? fs.readFileSync(file) : Buffer.from(`${status}\n`);
    res.writeHead(status, {
      'Content-Type': file ? contentTypeFor(file) : 'text/plain; charset=utf-8',
      'Content-Length': body.length,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      ...extraHeaders,
    });
    res.end(headOnly ? undefined : body);
  }

  function notFound(res, headOnly) {
    const page = path.join(absRoot, '404.html');
    send(res, 404, fs.existsSync(page) ? page : null, headOnly);
  }

  const server = http.createServer((req, res) => {
    const headOnly = req.method === 'HEAD';
    let status = 0;
    const origEnd = res.end.bind(res);
    res.end = (...a) => { requests.push([req.method, req.url, res.statusCode]); return origEnd(...a); };
    if (req.method !== 'GET' && !headOnly) {
      send(res, 405, null, false, { Allow: 'GET, HEAD' });
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      send(res, 400, null, headOnly);
      return;
    }
    if (!pathname.startsWith(basePath)) {
      // The portal's own pages: not ours.
      notFound(res, headOnly);
      return;
    }
    const rel = pathname.slice(basePath.length);
    if (rel.split('/').some((seg) => seg === '..') || rel.includes('\0')) {
      notFound(res, headOnly);
      return;
    }
    let file = path.join(absRoot, rel);
    if (!file.startsWith(absRoot)) {
      notFound(res, headOnly);
      return;
    }
    let stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      if (!pathname.endsWith('/')) {
        // Like any web server: `dir` -> `dir/`, so relative links resolve.
        status = 301;
        res.writeHead(status, { Location: pathname + '/', 'Content-Security-Policy': CSP, 'Content-Length': 0 });
        res.end();
        return;
      }
      file = path.join(file, 'index.html');
      stat = fs.statSync(file, { throwIfNoEntry: false });
    }
    if (!stat?.isFile()) {
      notFound(res, headOnly);
      return;
    }
    send(res, 200, file, headOnly);
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    base: origin + basePath,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
