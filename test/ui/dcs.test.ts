/**
 * The dashboard's DCS section in a real browser: (a) a swap from the page exchanges the roles,
 * the new replica syncs with a progress bar that moves as the virtual clock advances, then is
 * healthy again; (b) the "next swap → code 2" preset, a swap, the rule's fired counter and the
 * journal row naming the rule.
 */
import t from 'tap';
import { advance, clean, launch, openDashboard, ready, SKIP_REASON, PROJECT } from './browser.js';

const HEALTHY = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';

if (SKIP_REASON) {
  t.plan(0, SKIP_REASON);
} else {
  const browser = await launch(t);

  t.test('(a) swap from the page: roles exchange, the replica syncs with a moving progress bar, then is healthy', async (t) => {
    const dash = await openDashboard(t, browser);
    const { page, mock } = dash;
    await ready(page);
    const row = page.locator(`#dcs tr[data-id="${HEALTHY}"]`);
    const master = await row.locator('li[data-role="master"]').getAttribute('data-node');
    const replica = await row.locator('li[data-role="replica"]').getAttribute('data-node');
    t.ok(master && replica && master !== replica, 'one master, one replica');
    t.match(await row.locator('li[data-role="replica"]').textContent(), /healthy/, 'the replica is healthy before the swap');

    await row.getByRole('button', { name: /^Swap redis-ha-healthy/ }).click();
    const answer = page.locator('#dcs .answer');
    await answer.getByText('"message": "success"').waitFor();
    t.match(await answer.locator('.answer-head').textContent(), /PUT \/v1\.0\/0a5bbd0c7e0c4b4e8f1e8c0b0a9a6f3e\/instances\/3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11\/swap → 200/, 'the answer panel shows the call and its status');

    // The roles exchange: the old replica is master, the old master a syncing replica.
    await row.locator(`li[data-role="master"][data-node="${replica}"]`).waitFor();
    const newReplica = row.locator(`li[data-role="replica"][data-node="${master}"]`);
    await newReplica.locator('progress').waitFor();
    t.match(await newReplica.textContent(), /syncing/, 'the new replica is syncing');
    const progress = newReplica.locator('progress');
    t.equal(await progress.evaluate((p: HTMLProgressElement) => p.value), 0, 'at 0 % right after the swap (virtual clock)');
    await dash.screenshot('dcs-swap-syncing');

    // Time moves only when the page advances the clock: the bar follows (resync takes 10 s).
    await advance(page, '+1 s');
    await page.waitForFunction((id) => (document.querySelector(`#dcs li[data-role="replica"][data-node="${id}"] progress`) as HTMLProgressElement | null)?.value === 10, master);
    t.pass('1 s later: 10 %');
    await page.locator('.advance-custom input').fill('4');
    await page.locator('.advance-custom').getByRole('button', { name: 'Advance' }).click();
    await page.waitForFunction((id) => (document.querySelector(`#dcs li[data-role="replica"][data-node="${id}"] progress`) as HTMLProgressElement | null)?.value === 50, master);
    t.pass('4 s more (custom advance): 50 %');
    await dash.screenshot('dcs-swap-progress');

    await advance(page, '+10 s');
    await newReplica.getByText('healthy').waitFor();
    t.equal(await newReplica.locator('progress').count(), 0, 'no progress bar once healthy');
    t.equal(await row.locator(`li[data-role="master"][data-node="${replica}"]`).count(), 1, 'the swapped roles stay');

    // The admin API agrees with the page.
    const state = await mock.admin.state(PROJECT);
    const inst = (state.projects[0].instances as { id: string; master: { id: string }; replication: { state: string } }[]).find((i) => i.id === HEALTHY)!;
    t.equal(inst.master.id, replica, 'admin API: the old replica is master');
    t.equal(inst.replication.state, 'healthy', 'admin API: replication healthy');
    await dash.screenshot('dcs-swap-healthy');
    clean(t, dash);
  });

  t.test('(b) the "next swap → code 2" preset: the swap answers code 2, the rule fired once, the journal names it', async (t) => {
    const dash = await openDashboard(t, browser);
    const { page, mock } = dash;
    await ready(page);
    await page.locator('#rules').getByRole('button', { name: 'Next swap → code 2' }).click();
    const ruleRow = page.locator('#rules tbody tr').first();
    await ruleRow.waitFor();
    const ruleId = (await ruleRow.getAttribute('data-rule'))!;
    t.match(ruleId, /^rule-\d+$/, 'the server named the rule');
    const cells = ruleRow.locator('td');
    t.equal(await cells.nth(2).textContent(), '0', 'seen 0');
    t.equal(await cells.nth(3).textContent(), '0', 'fired 0');
    t.match(await cells.nth(0).textContent(), /dcs\.swap, dcs\.swapV2, dcs\.asyncSwap→ dcsCode: "2"/, 'the rule: its operations and action');

    await page.locator(`#dcs tr[data-id="${HEALTHY}"]`).getByRole('button', { name: /^Swap/ }).click();
    await page.locator('#dcs .answer').getByText('"code": "2"').waitFor();
    t.pass('the v1.0 swap answered code 2 (the rule, not the model)');
    await page.waitForFunction((id) => document.querySelector(`#rules tr[data-rule="${id}"] td:nth-of-type(4)`)?.textContent === '1', ruleId);
    t.equal(await cells.nth(2).textContent(), '1', 'seen 1');
    t.equal(await cells.nth(3).textContent(), '1', 'fired 1');

    const journalRow = page.locator('#journal tbody tr').filter({ hasText: 'dcs.swap' }).first();
    await journalRow.waitFor();
    t.equal(await journalRow.locator('.rule-id').textContent(), ruleId, 'the journal row names the rule');
    t.equal(await journalRow.locator('.badge').textContent(), '200');
    await journalRow.getByRole('button').click();
    const details = page.locator('#journal .journal-details');
    await details.getByText(`Call #`).waitFor();
    t.match(await details.locator('dl').textContent(), new RegExp(`Rule${ruleId}`), 'details: the rule');
    const entry = (await mock.admin.requests.list({ operation: 'dcs.swap' }))[0];
    t.match(await details.locator('dl').textContent(), new RegExp(`Request id${entry.requestId}`), 'details: the request id the admin API lists');
    t.match(await details.locator('dl').textContent(), /Calleranonymous/, 'details: the caller');
    t.match(await details.locator('dl').textContent(), /Duration\d+(\.\d+)? ms/, 'details: the duration');
    t.equal(entry.rule, ruleId, 'admin API: the journal entry names the rule');

    // The model did not swap: a rule only changes what the client sees.
    const state = await mock.admin.state(PROJECT);
    const inst = (state.projects[0].instances as { id: string; replication: { state: string } }[]).find((i) => i.id === HEALTHY)!;
    t.equal(inst.replication.state, 'healthy', 'no resync started');
    await dash.screenshot('rule-code-2');
    clean(t, dash);
  });

  t.test('a reset from a test suite, then a call at once: the journal shows the new call, not an old one with its number', async (t) => {
    const dash = await openDashboard(t, browser);
    const { page, mock } = dash;
    await ready(page);
    const list = await fetch(`${mock.url}/v2/${PROJECT}/instances`);
    t.equal(list.status, 200);
    await page.locator('#journal tbody tr').filter({ hasText: 'dcs.listInstancesV2' }).waitFor();
    // What a test suite does between tests: reset, then call straight away (the new call is #1 again).
    await mock.admin.reset();
    const swap = await fetch(`${mock.url}/v1.0/${PROJECT}/instances/${HEALTHY}/swap`, { method: 'PUT' });
    t.equal(swap.status, 200);
    await page.locator('#journal tbody tr').filter({ hasText: 'dcs.swap' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('#journal tbody')?.textContent?.includes('listInstancesV2'));
    const rows = page.locator('#journal tbody tr');
    t.equal(await rows.count(), 1, 'one row: the swap');
    await rows.first().getByRole('button').click();
    const entry = (await mock.admin.requests.list())[0];
    await page.locator('#journal .journal-details').getByText(entry.requestId).waitFor();
    t.pass('its details are the new call\'s');
    clean(t, dash);
  });
}
