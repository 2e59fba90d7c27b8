/**
 * The dashboard's DWS section in a real browser: (c) fail a node of a balanced cluster from the
 * page, see its primaries move in the grid and sub_status turn UNBALANCED, recover it, click
 * switchover, watch the task's progress on the virtual clock, and see NORMAL again.
 */
import t from 'tap';
import { advance, clean, launch, openDashboard, ready, SKIP_REASON, PROJECT } from './browser.js';

const BALANCED = '1b2c3d4e-0001-4a5b-8c6d-7e8f9a0b1c21';

if (SKIP_REASON) {
  t.plan(0, SKIP_REASON);
} else {
  const browser = await launch(t);

  t.test('(c) fail a node: primaries move and sub_status turns UNBALANCED; the switchover brings NORMAL back', async (t) => {
    const dash = await openDashboard(t, browser);
    const { page, mock } = dash;
    await ready(page);
    const card = page.locator(`#dws article[data-id="${BALANCED}"]`);
    const subStatus = card.locator('.sub-status');
    t.equal(await subStatus.getAttribute('data-sub-status'), 'NORMAL');
    t.equal(await card.locator('td.dn.moved').count(), 0, 'every instance at home');
    const node2 = card.locator('table.grid tr[data-node="1"]');
    t.equal(await node2.locator('td.dn.primary').count(), 2, 'node 2 holds two primaries');

    const run = (action: string, node?: string) => async () => {
      await card.getByLabel('Action on dws-balanced').selectOption({ label: action });
      if (node) await card.getByLabel('Node of dws-balanced').selectOption({ label: node });
      await card.getByRole('button', { name: 'Run on dws-balanced' }).click();
    };
    await run('Fail node', 'node 2')();
    await card.locator('.sub-status[data-sub-status="DEGRADED | UNBALANCED"]').waitFor();
    t.pass('node 2 down: DEGRADED | UNBALANCED');
    t.equal(await node2.locator('td.dn.primary').count(), 0, 'no primary left on node 2');
    t.equal(await card.locator('td.dn.primary.moved').count(), 2, 'its two primaries moved to their pairs\' other nodes');
    t.match(await node2.locator('th').textContent(), /down/, 'node 2 is marked down');
    await dash.screenshot('dws-node-failed');

    await run('Recover node', 'node 2')();
    await card.locator('.sub-status[data-sub-status="UNBALANCED"]').waitFor();
    t.pass('node 2 back: UNBALANCED (its primaries stay moved)');
    t.equal(await card.locator('td.dn.primary.moved').count(), 2);

    await card.getByRole('button', { name: /^Switchover dws-balanced/ }).click();
    const answer = page.locator('#dws .answer');
    await answer.locator('.answer-head').getByText('200').waitFor();
    t.match(await answer.locator('.answer-head').textContent(), new RegExp(`POST /v1\\.0/${PROJECT}/clusters/${BALANCED}/switchover → 200`));
    t.equal((await answer.locator('pre').textContent())?.trim(), '{}', 'the switchover answers {}');
    await card.locator('.task-status').getByText('ACTIVE_STANDY_SWITCHOVER').waitFor();
    t.equal(await card.locator('.task progress').evaluate((p: HTMLProgressElement) => p.value), 0, 'the task starts at 0 %');

    await advance(page, '+1 s');
    await page.waitForFunction((id) => (document.querySelector(`#dws article[data-id="${id}"] .task progress`) as HTMLProgressElement | null)?.value === 20, BALANCED);
    t.pass('1 s of 5: 20 %');
    await dash.screenshot('dws-switchover-running');

    await advance(page, '+10 s');
    await card.locator('.sub-status[data-sub-status="NORMAL"]').waitFor();
    t.pass('NORMAL again');
    t.equal(await card.locator('td.dn.moved').count(), 0, 'every instance back home');
    t.equal(await node2.locator('td.dn.primary').count(), 2, 'node 2 holds its two primaries again');
    t.equal(await card.locator('.task').textContent(), 'no task');

    const state = await mock.admin.state(PROJECT);
    const cluster = (state.projects[0].clusters as { id: string; sub_status: string; placement: { balanced: boolean } }[]).find((c) => c.id === BALANCED)!;
    t.equal(cluster.sub_status, 'NORMAL', 'admin API: NORMAL');
    t.equal(cluster.placement.balanced, true, 'admin API: balanced');
    t.equal(await mock.admin.requests.count({ operation: 'dws.switchover', status: 200 }), 1, 'admin API: one switchover, answered 200');
    await dash.screenshot('dws-normal-again');
    clean(t, dash);
  });
}
