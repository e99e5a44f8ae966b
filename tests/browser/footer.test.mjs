// 11. The footer identifiers government websites must show, on every page of both sites.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { startServer } from './helpers/server.mjs';
import { SAMPLE, FEEDBACK, htmlFiles, readSiteYaml, parseHtml, elements, find, findAll, attr, textOf, where } from './helpers/site.mjs';
import { launch, newContext, PHONE } from './helpers/browser.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const strings = {};
function ui(lang) {
  if (!strings[lang]) {
    const file = path.join(REPO, 'themes', 'default', 'i18n', `${lang}.yaml`);
    strings[lang] = { ...YAML.parse(fs.readFileSync(path.join(REPO, 'themes', 'default', 'i18n', 'zh-CN.yaml'), 'utf8')), ...(fs.existsSync(file) ? YAML.parse(fs.readFileSync(file, 'utf8')) : {}) };
  }
  return strings[lang];
}

const norm = (s) => s.replace(/\s+/g, ' ').trim();

/** What the footer of a page in `lang` must say, from the site's site.yaml. */
function expectations(site, lang) {
  const y = readSiteYaml(site.content);
  const s = ui(lang);
  const text = (v) => (typeof v === 'string' ? v : v[lang] ?? v[y.languages[0].code]);
  const publisher = norm(text(y.publisher));
  return {
    publisher: norm(`${s.footer_publisher}${s.colon}${publisher}`),
    publisherLabel: lang === 'zh-CN' ? '主办单位' : s.footer_publisher,
    siteCode: norm(`${s.footer_site_code}${s.colon}${y.footer.site_code}`),
    siteCodeLabel: lang === 'zh-CN' ? '网站标识码' : s.footer_site_code,
    icp: y.footer.icp ? norm(String(y.footer.icp)) : null,
    police: y.footer.police_record ? norm(String(y.footer.police_record)) : null,
    errorUrl: y.footer.error_report_url ?? null,
    siteCodeValue: y.footer.site_code,
    baseUrl: y.base_url,
    errorText: lang === 'zh-CN' ? '我为政府网站找错' : s.footer_error_report,
  };
}

function checkFooter(site, rel, html) {
  const problems = [];
  const doc = parseHtml(html);
  const lang = attr(find(doc, (e) => e.tagName === 'html'), 'lang');
  const footers = findAll(doc, (e) => e.tagName === 'footer');
  if (footers.length !== 1) return [`${rel}: ${footers.length} <footer> elements`];
  const footer = footers[0];
  const e = expectations(site, lang);
  const ft = norm(textOf(footer));
  const has = (t) => ft.includes(t);
  if (!has(e.publisher)) problems.push(`${rel} (${lang}): footer lacks "${e.publisher}"`);
  if (!has(e.publisherLabel)) problems.push(`${rel} (${lang}): footer lacks "${e.publisherLabel}"`);
  if (!has(e.siteCode)) problems.push(`${rel} (${lang}): footer lacks "${e.siteCode}"`);
  if (!has(e.siteCodeLabel)) problems.push(`${rel} (${lang}): footer lacks "${e.siteCodeLabel}"`);
  if (!ft.includes('3404030000')) problems.push(`${rel}: footer lacks the site code 3404030000`);
  const links = findAll(footer, (x) => x.tagName === 'a');
  for (const [what, value, host] of [['ICP', e.icp, 'beian.miit.gov.cn'], ['公安', e.police, 'beian.mps.gov.cn']]) {
    if (!value) { problems.push(`${rel}: site.yaml has no ${what} record (test expects one)`); continue; }
    if (!has(value)) { problems.push(`${rel}: footer lacks the ${what} record "${value}"`); continue; }
    const a = links.find((l) => norm(textOf(l)).includes(value));
    if (!a) problems.push(`${rel}: the ${what} record "${value}" is not a link`);
    else if (!(attr(a, 'href') ?? '').includes(host)) problems.push(`${rel}: the ${what} record links to ${attr(a, 'href')}, not ${host}`);
  }
  // The 找错 link carries the site code and the page's own address (issue 18).
  const pageUrl = e.baseUrl + (rel === '404.html' ? '' : rel.replace(/index\.html$/, ''));
  const errorHref = e.errorUrl && `${e.errorUrl}?site_code=${encodeURIComponent(e.siteCodeValue)}&url=${encodeURIComponent(pageUrl)}`;
  const errLinks = links.filter((l) => norm(textOf(l)) === e.errorText || (e.errorUrl && (attr(l, 'href') ?? '').startsWith(e.errorUrl)));
  if (e.errorUrl) {
    if (errLinks.length !== 1) problems.push(`${rel}: ${errLinks.length} "${e.errorText}" links (want 1 to ${e.errorUrl})`);
    else if (attr(errLinks[0], 'href') !== errorHref || norm(textOf(errLinks[0])) !== e.errorText) {
      problems.push(`${rel}: error-report link is ${where(errLinks[0])} href=${attr(errLinks[0], 'href')} text="${norm(textOf(errLinks[0]))}"`);
    }
  } else if (errLinks.length || ft.includes(e.errorText) || ft.includes('我为政府网站找错')) {
    problems.push(`${rel}: an error-report link although site.yaml has no error_report_url`);
  }
  // No empty element (e.g. a <p> or <a> left over for an unset identifier).
  for (const el of elements(footer)) {
    // The 公安 badge is a drawing (svg, path) beside the record's text.
    if (['img', 'br', 'hr', 'input', 'source', 'svg', 'path'].includes(el.tagName)) continue;
    const hasImg = [...elements(el)].some((x) => x.tagName === 'img');
    if (!norm(textOf(el)) && !hasImg) problems.push(`${rel}: empty ${where(el)} in the footer`);
    if (el.tagName === 'a' && !attr(el, 'href')) problems.push(`${rel}: ${where(el)} without href in the footer`);
  }
  return problems;
}

for (const site of [SAMPLE, FEEDBACK]) {
  test(`${site.name} site: every page's footer shows publisher, site code, ICP and 公安 records${site === SAMPLE ? ' and 我为政府网站找错' : ', no error-report link'}`, () => {
    const files = htmlFiles(site.out);
    assert.ok(files.includes('404.html') && files.includes('en/index.html'), 'expected 404.html and en/index.html');
    const problems = files.flatMap((rel) => checkFooter(site, rel, fs.readFileSync(path.join(site.out, rel), 'utf8')));
    assert.deepEqual(problems.slice(0, 60), [], `${problems.length} problem(s):\n${problems.slice(0, 60).join('\n')}`);
  });
}

test('the sample site configures an error-report URL and the minimal fixture does not', () => {
  assert.ok(readSiteYaml(SAMPLE.content).footer.error_report_url, 'content/site.yaml has no footer.error_report_url');
  assert.equal(readSiteYaml(FEEDBACK.content).footer.error_report_url, undefined);
});

describe('footer identifiers are visible on a phone', () => {
  let browser;
  let context;
  const servers = new Map();
  before(async () => {
    browser = await launch();
    context = await newContext(browser, { viewport: PHONE });
    for (const site of [SAMPLE, FEEDBACK]) servers.set(site, await startServer(site.out));
  });
  after(async () => {
    await context?.close();
    await browser?.close();
    for (const s of servers.values()) await s.close();
  });

  for (const site of [SAMPLE, FEEDBACK]) {
    for (const rel of ['', 'en/', 'items/kinship/', 'en/items/kinship/']) {
      test(`${site.name} ${rel || '/'}`, async () => {
        const page = await context.newPage();
        try {
          await page.goto(servers.get(site).base + rel);
          const lang = await page.evaluate(() => document.documentElement.lang);
          const e = expectations(site, lang);
          const footer = page.locator('footer.site-footer');
          await footer.scrollIntoViewIfNeeded();
          for (const t of [e.publisher, e.siteCode, e.icp, e.police, ...(e.errorUrl ? [e.errorText] : [])]) {
            const loc = footer.getByText(t, { exact: false }).first();
            assert.ok(await loc.isVisible(), `"${t}" is not visible in the footer`);
          }
        } finally {
          await page.close();
        }
      });
    }
  }
});
