// The editors' JSON Schemas (schema/*.schema.json, `qingdan schema`) against the content as an
// editor reads it: YAML 1.2 (the `yaml` package, like yaml-language-server) validated by Ajv.
// The sample content and the test fixture must pass; plausible staff mistakes must not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const BIN = process.env.QINGDAN_BIN;
const KINDS = ['site', 'version', 'policy', 'places'];

const schemas = Object.fromEntries(KINDS.map((k) => [k, JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', `${k}.schema.json`), 'utf8'))]));
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
const validators = Object.fromEntries(KINDS.map((k) => [k, ajv.compile(schemas[k])]));

function frontMatter(text) {
  const m = text.match(/^---\n([\s\S]*?)\n---(\n|$)/);
  assert.ok(m, 'policy files start with front matter');
  return m[1];
}

/** Every content file of a content folder: [kind, path, parsed document, raw text]. */
function contentFiles(dir) {
  const out = [['site', path.join(dir, 'site.yaml')]];
  for (const f of fs.readdirSync(path.join(dir, 'certificates')).filter((f) => f.endsWith('.yaml')).sort()) out.push(['version', path.join(dir, 'certificates', f)]);
  for (const f of fs.readdirSync(path.join(dir, 'policy')).filter((f) => f.endsWith('.md')).sort()) out.push(['policy', path.join(dir, 'policy', f)]);
  if (fs.existsSync(path.join(dir, 'places.yaml'))) out.push(['places', path.join(dir, 'places.yaml')]);
  return out.map(([kind, file]) => {
    const text = fs.readFileSync(file, 'utf8');
    const yaml = kind === 'policy' ? frontMatter(text) : text;
    return [kind, file, YAML.parse(yaml), text];
  });
}

function errorsOf(kind, doc) {
  const ok = validators[kind](doc);
  return ok ? [] : validators[kind].errors.map((e) => `${e.instancePath || "/"} ${e.keyword}: ${e.message} ${JSON.stringify(e.params)}`);
}

test('`qingdan schema` prints the committed schemas', () => {
  if (!BIN || !fs.existsSync(BIN)) throw new Error(`QINGDAN_BIN (${BIN}) is not the qingdan binary: run through tests/browser/run.sh`);
  for (const k of KINDS) {
    const printed = execFileSync(BIN, ['schema', k], { encoding: 'utf8' });
    assert.equal(printed, fs.readFileSync(path.join(ROOT, 'schema', `${k}.schema.json`), 'utf8'), k);
  }
});

for (const dir of ['content', 'tests/fixtures/minimal']) {
  test(`${dir} is valid against the schemas`, () => {
    const files = contentFiles(path.join(ROOT, dir));
    assert.ok(files.length >= 4);
    for (const [kind, file, doc] of files) {
      assert.deepEqual(errorsOf(kind, doc), [], path.relative(ROOT, file));
    }
  });
}

test('every sample content file names its schema for yaml-language-server', () => {
  for (const [kind, file, , text] of contentFiles(path.join(ROOT, 'content'))) {
    const m = text.match(/^(?:---\n)?# yaml-language-server: \$schema=(\S+)\n/);
    assert.ok(m, `${path.relative(ROOT, file)} starts with the $schema comment`);
    const target = path.resolve(path.dirname(file), m[1]);
    assert.equal(target, path.join(ROOT, 'schema', `${kind}.schema.json`), path.relative(ROOT, file));
  }
});

test('the schemas reject the mistakes staff make', () => {
  const [, , version] = contentFiles(path.join(ROOT, 'content')).find(([k]) => k === 'version');
  const site = YAML.parse(fs.readFileSync(path.join(ROOT, 'content/site.yaml'), 'utf8'));
  const item = () => structuredClone(version.items.find((i) => i.status === 'issued'));
  const withItem = (i) => ({ ...version, items: [i] });
  const cases = [
    ['version', withItem({ ...item(), colour: 'blue' }), /additionalProperties/],
    ['version', withItem({ ...item(), status: 'revoked' }), /allowedValues/],
    ['version', withItem({ ...item(), status: 'cancelled', alternative: undefined }), /alternative/],
    ['version', withItem({ ...item(), id: 'Proof_Of_Kinship' }), /pattern/],
    ['version', withItem((({ category, ...rest }) => rest)(item())), /category/],
    ['version', withItem({ ...item(), name: { 'zh CN': '证明' } }), /propertyNames|anyOf/],
    ['version', withItem({ ...item(), materials: '身份证' }), /type/],
    ['version', { ...version, date: '2023-2-1' }, /pattern/],
    ['version', (({ items, ...rest }) => rest)(version), /items/],
    ['site', (({ base_url, ...rest }) => rest)(site), /base_url/],
    ['site', { ...site, base_url: 'www.example.gov.cn/zmsx' }, /pattern/],
    ['site', { ...site, footer: { ...site.footer, icp_number: 'x' } }, /additionalProperties/],
    ['site', { ...site, languages: [] }, /minItems/],
    ['policy', { title: '解读', date: '2023-03-01', tittle: 'x' }, /additionalProperties/],
    ['policy', { title: '解读' }, /date/],
  ];
  for (const [kind, doc, expected] of cases) {
    const clean = JSON.parse(JSON.stringify(doc));
    const errors = errorsOf(kind, clean);
    assert.ok(errors.length > 0, `${kind}: accepted ${JSON.stringify(clean).slice(0, 200)}`);
    assert.match(errors.join('\n'), expected);
  }
});
