/**
 * The dashboard as a whole, at 1280×800: the page fits the width, every control has a label,
 * tables have header scopes, nothing uses inline styles (the CSP refuses them), controls work
 * from the keyboard and keep focus while live updates arrive, dark mode follows the system.
 * With HW_MOCK_UPDATE_SCREENSHOT=1 it writes docs/dashboard.png, the README's screenshot.
 */
import t from 'tap';
import { copyFileSync } from 'node:fs';
import { type Page } from 'playwright-core';
import { clean, launch, openDashboard, ready, ROOT, SKIP_REASON, PROJECT } from './browser.js';
import { dcs } from '../../src/services/dcs/index.js';

const HEALTHY = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';
const RW_SPLIT = 'cf8091a2-8888-4d9e-9f6a-7b8c9daebfc8';
const UNBALANCED = '7d85f602-a948-4a30-afd4-e84f47471c15';

/**
 * Problems a page's markup has, as a list (empty: none). Plain JavaScript text: functions given
 * to page.evaluate must not carry helpers of the test's compiler (tsx keeps names with `__name`).
 */
const MARKUP_PROBLEMS = `(() => {
  const problems = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if ((el.labels ? el.labels.length : 0) === 0 && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby')) problems.push('no label: ' + describe(el));
  }
  for (const el of document.querySelectorAll('button')) {
    if ((el.textContent || '').trim() === '' && !el.getAttribute('aria-label')) problems.push('button without a name: ' + describe(el));
  }
  for (const th of document.querySelectorAll('thead th')) if (th.getAttribute('scope') !== 'col') problems.push('thead th without scope=col: ' + th.textContent);
  for (const th of document.querySelectorAll('tbody th')) if (th.getAttribute('scope') !== 'row') problems.push('tbody th without scope=row: ' + th.textContent);
  for (const el of document.querySelectorAll('[style]')) problems.push('style attribute: ' + describe(el));
  for (const tag of ['header', 'nav', 'main']) if (!document.querySelector(tag)) problems.push('no <' + tag + '>');
  if (!document.querySelector('[aria-live]')) problems.push('no aria-live region');
  for (const el of document.querySelectorAll('.table-wrap, .grid-wrap')) if (el.scrollWidth > el.clientWidth) problems.push('scrolls sideways: ' + describe(el.firstElementChild || el));
  const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
  for (const id of new Set(ids)) if (ids.filter((x) => x === id).length > 1) problems.push('duplicate id ' + id);
  return problems;
})()`;

/** Luminance (0–255) of the page's background, text and first panel. */
const COLOURS = `(() => {
  const luminance = (css) => {
    const [r, g, b] = (css.match(/\\d+/g) || []).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const body = getComputedStyle(document.body);
  const panel = getComputedStyle(document.querySelector('.panel'));
  return { background: luminance(body.backgroundColor), text: luminance(body.color), panel: luminance(panel.backgroundColor) };
})()`;

interface Colours {
  background: number;
  text: number;
  panel: number;
}

if (SKIP_REASON) {
  t.plan(0, SKIP_REASON);
} else {
  const browser = await launch(t);

  t.test('the whole page at 1280×800: fits, labelled, keyboard usable, focus kept across live updates; the README screenshot', async (t) => {
    const dash = await openDashboard(t, browser);
    const { page, mock } = dash;
    await ready(page);

    // A scene worth a screenshot: a swap resyncing, a switchover running, a rule that fired.
    const swap = page.locator(`#dcs tr[data-id="${HEALTHY}"]`).getByRole('button', { name: /^Swap/ });
    await swap.focus();
    await page.keyboard.press('Enter');
    await page.locator('#dcs .answer').getByText('"message": "success"').waitFor();
    t.pass('a Swap button works from the keyboard (Enter)');
    t.equal(await page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")'), 'Swap redis-ha-healthy (PUT v1.0 swap)', 'focus stays on it');

    await page.locator(`#dws article[data-id="${UNBALANCED}"]`).getByRole('button', { name: /^Switchover/ }).click();
    await page.locator('#rules').getByRole('button', { name: 'Next swap → code 2' }).click();
    await page.locator('#rules tbody tr').first().waitFor();
    await page.locator(`#dcs tr[data-id="${RW_SPLIT}"]`).getByRole('button', { name: /^Swap/ }).click();
    await page.locator('#dcs .answer').getByText('"code": "2"').waitFor();

    // Live updates (time moved elsewhere: the state is fetched again, rows updated) leave the focused control focused.
    await swap.focus();
    await mock.admin.clock.advance(1);
    await page.locator(`#dcs tr[data-id="${HEALTHY}"] progress[value="10"]`).waitFor();
    t.equal(await page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")'), 'Swap redis-ha-healthy (PUT v1.0 swap)', 'a live update kept the focus where it was');
    await page.locator('.advance-custom input').fill('3');
    await page.locator('.advance-custom input').press('Enter');
    await page.locator(`#dcs tr[data-id="${HEALTHY}"] progress[value="40"]`).waitFor();
    await page.locator(`#dws article[data-id="${UNBALANCED}"] .task progress[value="80"]`).waitFor();
    t.pass('4 s of virtual time (1 s from the admin API, 3 s from the page): the resync at 40 %, the switchover at 80 %');

    // The journal, by keyboard: the newest row's button shows its details.
    const newest = page.locator('#journal tbody tr').first().getByRole('button');
    await newest.focus();
    await page.keyboard.press('Enter');
    await page.locator('#journal .journal-details').getByText('Request id').waitFor();
    t.equal(await page.locator('#journal tbody tr').count(), 3, 'three calls, newest first');
    t.match(await page.locator('#journal tbody tr').first().textContent(), /dcs\.swap.*rule-1/, 'the newest: the swap the rule answered');

    // Fits 1280 px, and the markup holds up.
    t.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal scrolling at 1280 px');
    t.same(await page.evaluate(MARKUP_PROBLEMS), [], 'labels, scopes, names, no inline styles, landmarks, unique ids, no table cut at 1280 px');

    await page.evaluate('document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)');
    await page.locator('#journal .journal-details').evaluate((el) => el.replaceChildren());
    const shot = await dash.screenshot('dashboard');
    if (process.env.HW_MOCK_UPDATE_SCREENSHOT === '1') {
      copyFileSync(shot, `${ROOT}docs/dashboard.png`);
      t.pass('docs/dashboard.png written');
    }
    await dash.screenshot('dashboard-full', true);
    clean(t, dash);
  });

  t.test('dark mode follows the system, and reads as dark', async (t) => {
    const light = await openDashboard(t, browser, {}, { colorScheme: 'light' });
    const dark = await openDashboard(t, browser, {}, { colorScheme: 'dark' });
    await ready(light.page);
    await ready(dark.page);
    const colours = (page: Page) => page.evaluate(COLOURS) as Promise<Colours>;
    const l = await colours(light.page);
    const d = await colours(dark.page);
    t.ok(l.background > 200 && l.text < 60, 'light: dark text on a light background');
    t.ok(d.background < 40 && d.text > 200, 'dark: light text on a dark background');
    t.ok(d.panel < 60, 'dark: panels are dark too');
    await dark.screenshot('dashboard-dark');
    clean(t, light);
    clean(t, dark);
  });

  t.test('a real clock: its time moves on the page, and no advance button is offered', async (t) => {
    const dash = await openDashboard(t, browser, { clock: 'real' });
    const { page } = dash;
    await ready(page);
    await page.locator('.clock-mode').getByText('real clock').waitFor();
    t.ok(await page.locator('.advance').isHidden(), 'the advance buttons are hidden');
    const shown = await page.locator('.clock-now').getAttribute('datetime');
    await page.waitForFunction((before) => document.querySelector('.clock-now')?.getAttribute('datetime') !== before, shown);
    t.pass('the shown time moves by itself');
    clean(t, dash);
  });

  t.test('a large world: the page asks for the first 1000 of each list, draws its 200 (100) rows and says how many there are', async (t) => {
    const id = (prefix: string, i: number) => `${prefix}-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const scenario = {
      name: 'large',
      projects: [{
        id: PROJECT,
        instances: Array.from({ length: 1500 }, (_, i) => ({ id: id('00000000', i) })),
        clusters: Array.from({ length: 150 }, (_, i) => ({ id: id('11111111', i) })),
      }],
    };
    const dash = await openDashboard(t, browser, { scenario });
    const { page, mock } = dash;
    await ready(page);
    await page.locator('#dcs').getByText('Showing the first 200 of 1500.').waitFor();
    t.pass('DCS: the first 200 of 1500');
    t.equal(await page.locator('#dcs tr[data-id]').count(), 200);
    t.match(await page.locator('#dcs h3.project-title').first().textContent(), /1500 instances/);
    await page.locator('#dws').getByText('Showing the first 100 of 150.').waitFor();
    t.pass('DWS: the first 100 of 150');
    const model = mock.app.mock.model(dcs);
    t.equal([...model.project(PROJECT)!.instances.made()].length, 0, 'the server kept none of the 1000 it was asked for');
    clean(t, dash);
  });
}
