// 9. Every generated .html file is valid HTML according to the Nu Html Checker (vnu.jar).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE, FEEDBACK, HUAINAN, HUAINAN_PLACE, htmlFiles } from './helpers/site.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const VNU = path.join(HERE, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

let control;
let messages;

function runVnu(dirs) {
  return new Promise((resolve, reject) => {
    execFile('java', ['-Xss4m', '-jar', VNU, '--errors-only', '--format', 'json', '--stdout', '--skip-non-html', ...dirs],
      { maxBuffer: 256 * 1024 * 1024, timeout: 240_000 },
      (err, stdout, stderr) => {
        // vnu exits 1 when it found errors; anything else without JSON is a failure to run.
        let json;
        try {
          json = JSON.parse(stdout);
        } catch {
          reject(new Error(`vnu did not produce JSON (exit ${err?.code}): ${stderr || err?.message}\n${stdout.slice(0, 2000)}`));
          return;
        }
        resolve(json.messages ?? []);
      });
  });
}

before(async () => {
  assert.ok(fs.existsSync(VNU), `${VNU} is missing: run npm ci in tests/browser`);
  control = fs.mkdtempSync(path.join(os.tmpdir(), 'qingdan-vnu-'));
  fs.writeFileSync(path.join(control, 'bad.html'), '<!DOCTYPE html><html lang=en><title>x</title><p><div>block in p</p></span>');
  messages = await runVnu([SAMPLE.out, FEEDBACK.out, HUAINAN.out, HUAINAN_PLACE.out, control]);
}, { timeout: 300_000 });

after(() => { if (control) fs.rmSync(control, { recursive: true, force: true }); });

function fileOf(m) {
  return m.url ? fileURLToPath(m.url) : '(no file)';
}

function format(m, root) {
  const file = path.relative(root, fileOf(m));
  const line = m.lastLine ?? m.firstLine;
  const loc = line ? `:${line}:${m.firstColumn ?? m.lastColumn ?? ''}` : '';
  const extract = m.extract ? `\n      ${m.extract.replace(/\s+/g, ' ').slice(0, 160)}` : '';
  return `  ${file}${loc} [${m.type}${m.subType ? '/' + m.subType : ''}] ${m.message}${extract}`;
}

test('control: vnu reports an error in an invalid file', () => {
  const mine = messages.filter((m) => fileOf(m).startsWith(control));
  assert.ok(mine.some((m) => m.type === 'error'), `vnu found nothing wrong in the control file: ${JSON.stringify(mine)}`);
});

for (const site of [SAMPLE, FEEDBACK, HUAINAN, HUAINAN_PLACE]) {
  test(`${site.name} site: every .html file is valid (vnu --errors-only)`, () => {
    assert.ok(htmlFiles(site.out).length > 5, 'too few HTML files');
    const root = fs.realpathSync(site.out);
    const mine = messages.filter((m) => {
      const f = fileOf(m);
      return f.startsWith(site.out + path.sep) || f.startsWith(root + path.sep);
    });
    const problems = mine.filter((m) => m.type === 'error' || m.type === 'non-document-error');
    assert.equal(problems.length, 0, `${problems.length} vnu error(s) in the ${site.name} site:\n${problems.map((m) => format(m, site.out)).join('\n')}`);
  });
}
