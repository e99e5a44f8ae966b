// Where the built sites are (set by run.sh), which pages to test, and small HTML utilities.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'parse5';
import YAML from 'yaml';

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests with \`bash tests/browser/run.sh\`, which builds the sites and sets it`);
  }
  if (!fs.existsSync(value)) {
    throw new Error(`${name}=${value} does not exist`);
  }
  return value;
}

/** The sample district (content/), no feedback.action. */
export const SAMPLE = {
  name: 'sample',
  get out() { return requireEnv('QINGDAN_SITE'); },
  get content() { return requireEnv('QINGDAN_CONTENT'); },
};
/** tests/fixtures/minimal with feedback.action set. */
export const FEEDBACK = {
  name: 'feedback',
  get out() { return requireEnv('QINGDAN_FEEDBACK_SITE'); },
  get content() { return requireEnv('QINGDAN_FEEDBACK_CONTENT'); },
};

/** examples/huainan: a city with district sections and other list kinds (issue 20). */
export const HUAINAN = {
  name: 'huainan',
  get out() { return requireEnv('QINGDAN_HUAINAN_SITE'); },
  get content() { return requireEnv('QINGDAN_HUAINAN_CONTENT'); },
};
/** examples/huainan built with `--place tianjiaan`: one district as a site of its own. */
export const HUAINAN_PLACE = {
  name: 'huainan --place tianjiaan',
  get out() { return requireEnv('QINGDAN_HUAINAN_PLACE_SITE'); },
  get content() { return requireEnv('QINGDAN_HUAINAN_CONTENT'); },
};

/** The pages of examples/huainan that the sample district has no kind of. */
export const HUAINAN_PAGE_KINDS = [
  { kind: 'city-home', path: '' },
  { kind: 'places', path: 'places/' },
  { kind: 'district-section', path: 'places/tianjiaan/' },
  { kind: 'district-item-overridden', path: 'places/tianjiaan/items/residence/' },
  { kind: 'district-changelog-inherited', path: 'places/tianjiaan/changelog/2024-03-15/' },
  { kind: 'district-excluded', path: 'places/datong/' },
  { kind: 'district-item-added', path: 'places/xiejiaji/items/land-contract-change/' },
  { kind: 'community', path: 'places/longhu/' },
  { kind: 'list-kind', path: 'lists/assistance/' },
  { kind: 'list-item', path: 'lists/assistance/items/public-health/' },
  { kind: 'list-version', path: 'lists/assistance/versions/2024-03-15/' },
];

/** Every (language, page kind) pair of examples/huainan. */
export function huainanPages() {
  const out = [];
  for (const lang of LANGS) {
    for (const p of HUAINAN_PAGE_KINDS) {
      out.push({ ...p, lang: lang.code, rel: lang.prefix + p.path, name: `huainan-${lang.code}-${p.kind}` });
    }
  }
  return out;
}

export const LANGS = [
  { code: 'zh-CN', prefix: '' },
  { code: 'en', prefix: 'en/' },
];

/** One page of every kind, as paths relative to a language root. */
export const PAGE_KINDS = [
  { kind: 'home', path: '' },
  { kind: 'item-issued', path: 'items/adoption/' },
  { kind: 'item-cancelled', path: 'items/death/' },
  { kind: 'item-removed', path: 'items/separation/' },
  { kind: 'item-renamed', path: 'items/tenancy/' },
  { kind: 'changelog', path: 'changelog/' },
  { kind: 'changelog-version', path: 'changelog/2023-02-21/' },
  { kind: 'version', path: 'versions/2023-02-21/' },
  { kind: 'policy', path: 'policy/village-organizations/' },
  { kind: 'policy-questions', path: 'policy/certificate-questions/' },
];

/** Every (language, page kind) pair. */
export function allPages() {
  const out = [];
  for (const lang of LANGS) {
    for (const p of PAGE_KINDS) {
      out.push({ ...p, lang: lang.code, rel: lang.prefix + p.path, name: `${lang.code}-${p.kind}` });
    }
  }
  return out;
}

export function walk(dir, filter = () => true) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, filter));
    else if (filter(full)) out.push(full);
  }
  return out.sort();
}

export function htmlFiles(root) {
  return walk(root, (f) => f.endsWith('.html')).map((f) => path.relative(root, f).split(path.sep).join('/'));
}

export function readSiteYaml(contentDir) {
  return YAML.parse(fs.readFileSync(path.join(contentDir, 'site.yaml'), 'utf8'));
}

// ---- parse5 tree helpers ----

export function parseHtml(html) {
  return parse(html, { sourceCodeLocationInfo: true });
}

export function* elements(node) {
  const stack = [node];
  while (stack.length) {
    const n = stack.pop();
    if (n.tagName) yield n;
    const kids = n.tagName === 'template' ? n.content?.childNodes : n.childNodes;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}

export function attr(el, name) {
  const a = el.attrs?.find((x) => x.name === name);
  return a ? a.value : undefined;
}

export function classes(el) {
  return (attr(el, 'class') ?? '').split(/\s+/).filter(Boolean);
}

export function textOf(node) {
  if (node.nodeName === '#text') return node.value;
  return (node.childNodes ?? []).map(textOf).join('');
}

export function find(root, pred) {
  for (const el of elements(root)) if (pred(el)) return el;
  return undefined;
}

export function findAll(root, pred) {
  return [...elements(root)].filter(pred);
}

/** `<tag line:col>` for messages. */
export function where(el) {
  const loc = el.sourceCodeLocation;
  const cls = classes(el);
  return `<${el.tagName}${attr(el, 'id') ? '#' + attr(el, 'id') : ''}${cls.length ? '.' + cls.join('.') : ''}>` +
    (loc ? ` at ${loc.startLine}:${loc.startCol}` : '');
}

/**
 * Every URL a page refers to: href, src, action, srcset, and the search index (data-index).
 * Returns [{ tag, attr, value, rel }].
 */
export function linksOf(html) {
  const doc = parseHtml(html);
  const out = [];
  for (const el of elements(doc)) {
    for (const a of el.attrs ?? []) {
      if (['href', 'src', 'action', 'data-index', 'poster'].includes(a.name)) {
        out.push({ tag: el.tagName, attr: a.name, value: a.value, rel: attr(el, 'rel') ?? '' });
      } else if (a.name === 'srcset') {
        for (const part of a.value.split(',')) {
          const u = part.trim().split(/\s+/)[0];
          if (u) out.push({ tag: el.tagName, attr: 'srcset', value: u, rel: '' });
        }
      }
    }
  }
  return out;
}

/** All id attributes of a page. */
export function idsOf(html) {
  const ids = new Set();
  for (const el of elements(parseHtml(html))) {
    const id = attr(el, 'id');
    if (id !== undefined) ids.add(id);
    if (el.tagName === 'a' && attr(el, 'name')) ids.add(attr(el, 'name'));
  }
  return ids;
}
