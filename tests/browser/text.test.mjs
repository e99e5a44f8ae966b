// Citizens never see the generator's internal item ids (e.g. "tenancy") where a certificate
// name belongs, e.g. in "由 {id} 更名而来" on changelog and item pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { SAMPLE, htmlFiles, parseHtml, elements, find, attr } from './helpers/site.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function itemIds(contentDir) {
  const dir = path.join(contentDir, 'certificates');
  const ids = new Set();
  for (const f of fs.readdirSync(dir).filter((x) => /\.ya?ml$/.test(x))) {
    for (const item of YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8')).items ?? []) ids.add(item.id);
  }
  return [...ids];
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('sample site: rename events show the old certificate name, not its internal id', () => {
  const ids = itemIds(SAMPLE.content);
  assert.ok(ids.includes('tenancy'), 'expected the tenancy item in content/');
  const idAlt = ids.sort((a, b) => b.length - a.length).map(escape).join('|');
  const patterns = {};
  for (const lang of ['zh-CN', 'en']) {
    const s = YAML.parse(fs.readFileSync(path.join(REPO, 'themes', 'default', 'i18n', `${lang}.yaml`), 'utf8'));
    for (const key of Object.keys(s).filter((k) => typeof s[k] === 'string' && s[k].includes('{id}'))) {
      const [before, after] = s[key].split('{id}');
      (patterns[lang] ??= []).push([key, new RegExp(`${escape(before.trim())}\\s*(${idAlt})(?![\\w-])\\s*${escape(after.trim())}`)]);
    }
  }
  const problems = [];
  for (const rel of htmlFiles(SAMPLE.out)) {
    const doc = parseHtml(fs.readFileSync(path.join(SAMPLE.out, rel), 'utf8'));
    const lang = attr(find(doc, (e) => e.tagName === 'html'), 'lang');
    const body = find(doc, (e) => e.tagName === 'body');
    const text = [...elements(body)].filter((e) => e.tagName !== 'script')
      .flatMap((e) => e.childNodes.filter((n) => n.nodeName === '#text').map((n) => n.value)).join(' ').replace(/\s+/g, ' ');
    for (const [key, re] of patterns[lang] ?? []) {
      const m = text.match(re);
      if (m) problems.push(`${rel}: "${m[0]}" (ui string ${key} filled with the id "${m[1]}")`);
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});
