// 10. The feedback form: on item and policy pages of a site with feedback.action, a POST form to
//     the portal with labelled name/contact/content fields; no form on the sample site.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { startServer, FEEDBACK_ORIGIN } from './helpers/server.mjs';
import { SAMPLE, FEEDBACK, htmlFiles, parseHtml, elements, find, findAll, attr, textOf, where } from './helpers/site.mjs';
import { launch, newContext, PHONE } from './helpers/browser.mjs';

const ACTION = `${FEEDBACK_ORIGIN}/feedback`;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const I18N = (lang) => YAML.parse(fs.readFileSync(path.join(REPO, 'themes', 'default', 'i18n', `${lang}.yaml`), 'utf8'));

/** Expected field labels per page language: zh-CN as the brief says, others from the theme. */
function labelsFor(lang) {
  if (lang === 'zh-CN') return { name: '姓名', contact: '联系方式', content: '内容' };
  const s = I18N(lang);
  return { name: s.feedback_name, contact: s.feedback_contact, content: s.feedback_content };
}

const isFormPage = (rel) => /^(?:[a-z]{2}(?:-[A-Z]{2})?\/)?(items|policy)\/[^/]+\/index\.html$/.test(rel);

function checkForm(rel, html) {
  const problems = [];
  const doc = parseHtml(html);
  const lang = attr(find(doc, (e) => e.tagName === 'html'), 'lang');
  const forms = findAll(doc, (e) => e.tagName === 'form' && attr(e, 'action') === ACTION);
  if (forms.length !== 1) return [`${rel}: ${forms.length} form(s) with action=${ACTION}`];
  const form = forms[0];
  if ((attr(form, 'method') ?? '').toLowerCase() !== 'post') problems.push(`${rel}: ${where(form)} method=${attr(form, 'method')} (want post)`);
  const controls = [...elements(form)].filter((e) => ['input', 'textarea', 'select'].includes(e.tagName) && attr(e, 'type') !== 'hidden' && attr(e, 'type') !== 'submit');
  const labels = findAll(doc, (e) => e.tagName === 'label');
  const labelText = (control) => {
    const id = attr(control, 'id');
    const byFor = id ? labels.filter((l) => attr(l, 'for') === id) : [];
    return byFor.map((l) => textOf(l).replace(/\s+/g, ' ').trim());
  };
  const want = labelsFor(lang);
  for (const [field, text] of Object.entries(want)) {
    const control = controls.find((c) => labelText(c).some((t) => t === text || t.startsWith(text + ' ') || t.startsWith(text + '(') || t.startsWith(text + '（')));
    if (!control) {
      problems.push(`${rel} (${lang}): no field labelled "${text}" via <label for=…>/<… id=…>; fields: ${controls.map((c) => `${where(c)} id=${attr(c, 'id')} labels=${JSON.stringify(labelText(c))}`).join('; ')}`);
      continue;
    }
    if (!attr(control, 'name')) problems.push(`${rel}: the "${text}" field has no name attribute (it would not be submitted)`);
    if (field === 'content' && attr(control, 'required') === undefined) problems.push(`${rel}: the "${text}" field is not required`);
  }
  for (const c of controls) {
    if (labelText(c).length !== 1) problems.push(`${rel}: ${where(c)} has ${labelText(c).length} <label for> (want exactly 1)`);
  }
  for (const l of labels.filter((x) => attr(x, 'for'))) {
    if (!controls.some((c) => attr(c, 'id') === attr(l, 'for'))) problems.push(`${rel}: <label for=${attr(l, 'for')}> points to no form field`);
  }
  const ids = findAll(doc, (e) => attr(e, 'id') !== undefined).map((e) => attr(e, 'id'));
  const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dup.length) problems.push(`${rel}: duplicate ids ${[...new Set(dup)].join(', ')}`);
  const submit = [...elements(form)].find((e) => (e.tagName === 'button' && (attr(e, 'type') ?? 'submit') === 'submit') || (e.tagName === 'input' && attr(e, 'type') === 'submit'));
  if (!submit) problems.push(`${rel}: the form has no submit button`);
  return problems;
}

test('feedback site: every item and policy page has the POST form with labelled fields', () => {
  const pages = htmlFiles(FEEDBACK.out).filter(isFormPage);
  assert.ok(pages.some((p) => p.startsWith('items/')) && pages.some((p) => p.startsWith('policy/')), `item and policy pages expected, got ${pages.join(', ')}`);
  assert.ok(pages.some((p) => p.startsWith('en/')), 'English pages expected');
  const problems = pages.flatMap((rel) => checkForm(rel, fs.readFileSync(path.join(FEEDBACK.out, rel), 'utf8')));
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('sample site (no feedback.action): no form on item and policy pages, no POST form anywhere', () => {
  const problems = [];
  for (const rel of htmlFiles(SAMPLE.out)) {
    const doc = parseHtml(fs.readFileSync(path.join(SAMPLE.out, rel), 'utf8'));
    for (const form of findAll(doc, (e) => e.tagName === 'form')) {
      if (isFormPage(rel)) problems.push(`${rel}: ${where(form)} action=${attr(form, 'action')}`);
      else if ((attr(form, 'method') ?? 'get').toLowerCase() === 'post') problems.push(`${rel}: POST ${where(form)} action=${attr(form, 'action')}`);
    }
    if (isFormPage(rel) && find(doc, (e) => e.tagName === 'section' && (attr(e, 'class') ?? '').split(/\s+/).includes('feedback'))) {
      problems.push(`${rel}: section.feedback without a configured action`);
    }
  }
  assert.deepEqual(problems, [], problems.join('\n'));
});

describe('feedback form in the browser (portal CSP, no bypass)', () => {
  let browser;
  let server;
  before(async () => {
    server = await startServer(FEEDBACK.out);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const rel of ['policy/interpretation/', 'en/items/kinship/']) {
    test(`${rel}: labels focus their fields and submitting POSTs to the portal without a CSP violation`, async () => {
      const context = await newContext(browser, { viewport: PHONE });
      const page = await context.newPage();
      const cspConsole = [];
      page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspConsole.push(m.text()); });
      try {
        await page.goto(server.base + rel);
        const form = page.locator(`form[action="${ACTION}"]`);
        await form.scrollIntoViewIfNeeded();
        assert.ok(await form.isVisible(), 'the form is not visible');
        const lang = await page.evaluate(() => document.documentElement.lang);
        const want = labelsFor(lang);
        // getByLabel resolves <label for> the way assistive technology does.
        await page.getByLabel(want.name, { exact: false }).first().fill('张三');
        await page.getByLabel(want.contact, { exact: false }).first().fill('13800000000');
        await page.getByLabel(want.content, { exact: false }).first().fill('测试意见');
        // Clicking a label focuses its field.
        await form.locator('label[for]').first().click();
        const focused = await page.evaluate(() => document.activeElement?.id);
        assert.equal(focused, await form.locator('label[for]').first().getAttribute('for'));
        const posted = page.waitForRequest((r) => r.url() === ACTION, { timeout: 10_000 });
        await form.locator('button[type=submit], input[type=submit], button:not([type])').first().click();
        const req = await posted; // aborted by the test's router: nothing leaves this machine
        assert.equal(req.method(), 'POST');
        const body = new URLSearchParams(req.postData() ?? '');
        assert.equal(body.get('name'), '张三');
        assert.equal(body.get('content'), '测试意见');
        // Had form-action blocked it, the POST would never have been attempted; check the log too.
        assert.deepEqual(cspConsole, [], 'CSP messages');
      } finally {
        await context.close();
      }
    });
  }
});
