// 6. Text size and high contrast: effect, persistence, keyboard operation, and the verdict on
//    the first phone screen at the largest text size.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers/server.mjs';
import { SAMPLE, LANGS, PAGE_KINDS } from './helpers/site.mjs';
import { launch, newContext, presetStorage, screenshot, screenshotPath, PHONE } from './helpers/browser.mjs';

let browser;
let server;
before(async () => {
  server = await startServer(SAMPLE.out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function fontSizes(page) {
  return page.evaluate(() => {
    const size = (sel) => {
      const el = document.querySelector(sel);
      return el ? parseFloat(getComputedStyle(el).fontSize) : NaN;
    };
    return { body: size('body'), dd: size('dl.details dd'), how: size('.verdict-how'), html: size('html') };
  });
}

async function state(page) {
  return page.evaluate(() => ({
    size: document.documentElement.getAttribute('data-text-size'),
    contrast: document.documentElement.getAttribute('data-contrast'),
    pressed: [...document.querySelectorAll('.a11y-controls button[aria-pressed="true"]')].map((b) => b.dataset.textSize || 'contrast'),
    bodyBg: getComputedStyle(document.body).backgroundColor,
    bodyFg: getComputedStyle(document.body).color,
  }));
}

describe('text size', () => {
  for (const lang of LANGS) {
    test(`${lang.code}: large >= 20px and xlarge >= 24px, persisted across navigation and reload`, async () => {
      const context = await newContext(browser, { viewport: PHONE });
      const page = await context.newPage();
      try {
        await page.goto(`${server.base}${lang.prefix}items/death/`);
        await page.locator('.a11y-controls').waitFor({ state: 'visible' });
        const normal = await fontSizes(page);
        assert.ok(normal.body >= 16, `normal body text is ${normal.body}px`);
        assert.deepEqual((await state(page)).pressed, ['normal'], 'aria-pressed before any choice');

        await page.locator('button[data-text-size="large"]').click();
        let f = await fontSizes(page);
        assert.ok(f.body >= 20 && f.dd >= 20 && f.how >= 20, `large: body ${f.body}px, dd ${f.dd}px, .verdict-how ${f.how}px (want >= 20)`);
        assert.equal((await state(page)).size, 'large');

        await page.locator('button[data-text-size="xlarge"]').click();
        f = await fontSizes(page);
        assert.ok(f.body >= 24 && f.dd >= 24 && f.how >= 24, `xlarge: body ${f.body}px, dd ${f.dd}px, .verdict-how ${f.how}px (want >= 24)`);
        let s = await state(page);
        assert.equal(s.size, 'xlarge');
        assert.deepEqual(s.pressed, ['xlarge'], 'aria-pressed after choosing xlarge');

        // Another page, reached by following a link.
        await page.locator('.main-nav a').nth(1).click();
        await page.waitForURL(/changelog\//);
        s = await state(page);
        assert.equal(s.size, 'xlarge', 'text size lost after navigating');
        assert.deepEqual(s.pressed, ['xlarge']);
        assert.ok((await fontSizes(page)).body >= 24, 'xlarge not applied after navigating');

        await page.reload();
        assert.equal((await state(page)).size, 'xlarge', 'text size lost after reload');
        assert.ok((await fontSizes(page)).body >= 24, 'xlarge not applied after reload');

        await page.locator('button[data-text-size="normal"]').click();
        assert.equal((await fontSizes(page)).body, normal.body, 'back to normal');
        await page.reload();
        assert.equal((await state(page)).size, null, 'normal not persisted');
      } finally {
        await context.close();
      }
    });
  }
});

describe('high contrast', () => {
  for (const lang of LANGS) {
    test(`${lang.code}: the button toggles html[data-contrast="high"] and it persists`, async () => {
      const context = await newContext(browser, { viewport: PHONE });
      const page = await context.newPage();
      try {
        await page.goto(`${server.base}${lang.prefix}`);
        const button = page.locator('.a11y-controls button[data-contrast]');
        await button.waitFor({ state: 'visible' });
        const before = await state(page);
        assert.equal(before.contrast, null);
        assert.equal(await button.getAttribute('aria-pressed'), 'false');

        await button.click();
        const on = await state(page);
        assert.equal(on.contrast, 'high');
        assert.equal(await button.getAttribute('aria-pressed'), 'true');
        assert.notEqual(on.bodyBg, before.bodyBg, 'the page background did not change');

        await page.locator('.issued-list ul.items a').first().click();
        await page.waitForURL(/items\//);
        assert.equal((await state(page)).contrast, 'high', 'contrast lost after navigating');
        await page.reload();
        const again = await state(page);
        assert.equal(again.contrast, 'high', 'contrast lost after reload');
        assert.equal(again.bodyBg, on.bodyBg);
        assert.equal(await page.locator('.a11y-controls button[data-contrast]').getAttribute('aria-pressed'), 'true');

        await page.locator('.a11y-controls button[data-contrast]').click();
        assert.equal((await state(page)).contrast, null, 'second click does not switch it off');
        await page.reload();
        assert.equal((await state(page)).contrast, null, 'off not persisted');
      } finally {
        await context.close();
      }
    });
  }
});

describe('keyboard', () => {
  /** Press Tab until `selector` has focus; returns the number of presses. */
  async function tabTo(page, selector, max = 25) {
    for (let i = 1; i <= max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((sel) => document.activeElement?.matches(sel), selector)) return i;
    }
    const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
    throw new Error(`${selector} not reached with ${max} Tab presses (focus is on ${at})`);
  }

  for (const lang of LANGS) {
    test(`${lang.code}: the buttons are reached with Tab, show focus, and work with Enter and Space`, async () => {
      const context = await newContext(browser, { viewport: PHONE });
      const page = await context.newPage();
      try {
        await page.goto(`${server.base}${lang.prefix}items/adoption/`);
        await page.locator('.a11y-controls').waitFor({ state: 'visible' });

        await tabTo(page, 'button[data-text-size="xlarge"]');
        const outline = await page.evaluate(() => {
          const cs = getComputedStyle(document.activeElement);
          return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
        });
        assert.ok(outline.style !== 'none' && outline.width >= 2, `no visible focus outline on the focused button: ${JSON.stringify(outline)}`);
        await page.keyboard.press('Enter');
        assert.equal((await state(page)).size, 'xlarge', 'Enter on xlarge');

        await page.keyboard.press('Shift+Tab'); // back to "large"
        assert.ok(await page.evaluate(() => document.activeElement.matches('button[data-text-size="large"]')), 'Shift+Tab from xlarge does not reach large');
        await page.keyboard.press('Space');
        assert.equal((await state(page)).size, 'large', 'Space on large');

        await page.keyboard.press('Tab');
        await page.keyboard.press('Tab');
        assert.ok(await page.evaluate(() => document.activeElement.matches('button[data-contrast]')), 'Tab order: the contrast button does not follow the size buttons');
        await page.keyboard.press('Space');
        assert.equal((await state(page)).contrast, 'high', 'Space on contrast');
        await page.keyboard.press('Enter');
        assert.equal((await state(page)).contrast, null, 'Enter on contrast toggles it off');

        // The skip link is the first stop and moves focus to main.
        await page.reload();
        await page.keyboard.press('Tab');
        assert.ok(await page.evaluate(() => document.activeElement.matches('a.skip-link')), 'the first Tab stop is not the skip link');
        const skip = await page.locator('a.skip-link').boundingBox();
        assert.ok(skip && skip.y >= 0 && skip.y < PHONE.height, 'the focused skip link is not on screen');
        await page.keyboard.press('Enter');
        assert.ok(await page.evaluate(() => document.activeElement.id === 'main'), 'the skip link does not move focus to #main');
      } finally {
        await context.close();
      }
    });
  }
});

describe('verdict on the first phone screen at xlarge', () => {
  let context;
  before(async () => {
    context = await newContext(browser, { viewport: PHONE });
    await presetStorage(context, { 'qingdan.textSize': 'xlarge' });
  });
  after(() => context?.close());

  for (const lang of LANGS) {
    for (const p of PAGE_KINDS.filter((k) => k.kind.startsWith('item-'))) {
      test(`${lang.code} ${p.path}: .verdict-word fully inside 360x640 without scrolling`, async () => {
        const page = await context.newPage();
        try {
          await page.goto(`${server.base}${lang.prefix}${p.path}`);
          await page.evaluate(() => document.fonts.ready);
          assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-text-size')), 'xlarge');
          assert.equal(await page.evaluate(() => window.scrollY), 0);
          await screenshot(page, { path: screenshotPath(`verdict-xlarge-${lang.code}-${p.kind}`) });
          const box = await page.locator('.verdict-word').boundingBox();
          assert.ok(box, 'no .verdict-word');
          const overflowX = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= PHONE.width + 0.5 && box.y + box.height <= PHONE.height + 0.5,
            `.verdict-word at x=${box.x.toFixed(0)} y=${box.y.toFixed(0)} w=${box.width.toFixed(0)} h=${box.height.toFixed(0)} is not inside 360x640`);
          assert.ok(overflowX <= 0, `the page scrolls sideways by ${overflowX}px at xlarge`);
        } finally {
          await page.close();
        }
      });
    }
  }
});

// WCAG 1.4.4 and 1.4.10: text enlarged by the site's largest size, or by the browser's own
// font size doubled (200 %), reflows on a phone instead of pushing the page sideways. Every
// page kind, both languages: a long word in a narrow column (a definition list's value, a
// table cell) is what overflows first.
describe('no sideways scrolling on a phone with enlarged text', () => {
  let context;
  before(async () => {
    context = await newContext(browser, { viewport: PHONE });
  });
  after(() => context?.close());

  for (const lang of LANGS) {
    for (const p of PAGE_KINDS) {
      test(`${lang.code} ${p.kind}: fits ${PHONE.width}px at xlarge and at 200 % browser font size`, async () => {
        const page = await context.newPage();
        try {
          await page.goto(`${server.base}${lang.prefix}${p.path}`);
          await page.locator('button[data-text-size="xlarge"]').click();
          await page.evaluate(() => document.fonts.ready);
          const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok((await overflow()) <= 0, `scrolls sideways by ${await overflow()}px at xlarge`);
          await page.locator('button[data-text-size="normal"]').click();
          // What a browser's "very large" default font does: the root size doubles, and every
          // rem with it. (Set through the CSSOM: the site's CSP rightly refuses a <style>.)
          await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
          assert.ok((await overflow()) <= 0, `scrolls sideways by ${await overflow()}px at 200 %`);
        } finally {
          await page.close();
        }
      });
    }
  }
});

describe('display settings without JavaScript', () => {
  let context;
  before(async () => { context = await newContext(browser, { viewport: PHONE, javaScriptEnabled: false }); });
  after(() => context?.close());

  for (const { prefix } of LANGS) {
    test(`${prefix || '/'}: the no-script controls enlarge the text and turn on high contrast, by keyboard too`, async () => {
      const page = await context.newPage();
      try {
        await page.goto(server.base + prefix + 'items/death/');
        const box = page.locator('.display-nojs');
        assert.ok(await box.isVisible(), 'no display controls without JavaScript');
        const before = await fontSizes(page);
        await box.locator('label[for="nojs-size-xlarge"]').click();
        // The same sizes as the buttons give: xlarge >= 24px, large >= 20px.
        const after = await fontSizes(page);
        assert.ok(after.body >= 24 && after.dd >= 24 && after.how >= 24 && after.body > before.body,
          `xlarge: body ${before.body} -> ${after.body}px, dd ${after.dd}px, .verdict-how ${after.how}px (want >= 24)`);
        // Keyboard: the radios are one group; arrow keys move the choice.
        await page.locator('#nojs-size-xlarge').focus();
        await page.keyboard.press('ArrowLeft');
        assert.equal(await page.locator('#nojs-size-large').isChecked(), true, 'ArrowLeft did not choose the large size');
        const large = await fontSizes(page);
        assert.ok(large.body >= 20 && large.body < after.body, `large: body ${large.body}px (want >= 20, below xlarge)`);
        const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.equal(await bg(), 'rgb(255, 255, 255)');
        await page.locator('#nojs-contrast').focus();
        await page.keyboard.press('Space');
        assert.equal(await bg(), 'rgb(0, 0, 0)', 'high contrast did not turn the background black');
      } finally {
        await page.close();
      }
    });
  }

  test('with JavaScript the no-script controls are not there (the buttons remember the choice)', async () => {
    const js = await newContext(browser, { viewport: PHONE });
    try {
      const page = await js.newPage();
      await page.goto(server.base);
      await page.locator('.a11y-controls').waitFor({ state: 'visible' });
      assert.equal(await page.locator('.display-nojs').count(), 0);
    } finally {
      await js.close();
    }
  });
});
