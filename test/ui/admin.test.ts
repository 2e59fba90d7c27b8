/**
 * The dashboard's generic panels in a real browser: (d) with an admin token the page shows no
 * data until a token that works is entered (a wrong one is refused and not kept); (e) a scenario
 * pasted with a mistake shows the loader's path-precise issue and changes nothing, a good one
 * replaces the scenario, and a project reset from the page undoes a swap; a rule written as JSON
 * is checked by the server (its issue shown under the editor), and a rule can be deleted.
 */
import t from 'tap';
import { clean, launch, openDashboard, ready, SKIP_REASON, PROJECT } from './browser.js';

const TOKEN = 'ui-test-token-7f3a9c';
const HEALTHY = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';

if (SKIP_REASON) {
  t.plan(0, SKIP_REASON);
} else {
  const browser = await launch(t);

  t.test('(d) an admin token: no data until the right token is entered; a wrong one is refused', async (t) => {
    const dash = await openDashboard(t, browser, { adminToken: TOKEN });
    const { page, mock } = dash;
    const input = page.getByLabel('Admin token', { exact: true });
    await input.waitFor();
    t.ok(await page.locator('#dashboard').isHidden(), 'the dashboard is hidden');
    t.ok(await page.locator('#banner').isHidden(), 'no "open admin API" banner: it is protected');
    t.equal(await page.locator('tr[data-id], article[data-id]').count(), 0, 'no resource is shown');
    t.equal((await fetch(`${mock.url}/_mock/state`)).status, 401, 'the admin API itself refuses calls without the token');
    await dash.screenshot('token-prompt');

    await input.fill('not-the-token');
    await page.getByRole('button', { name: 'Unlock' }).click();
    const alert = page.locator('#gate [role="alert"]');
    await alert.getByText(/Wrong token/).waitFor();
    t.match(await alert.textContent(), /refused it \(401\)/, 'a wrong token is refused, and the page says so');
    t.ok(await page.locator('#dashboard').isHidden(), 'still no data');
    t.equal(await page.evaluate(() => sessionStorage.getItem('hw-mock-admin-token')), null, 'a refused token is not kept');
    await dash.screenshot('token-refused');

    await input.fill(TOKEN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await ready(page);
    t.ok(await page.locator('#gate').isHidden(), 'the form is gone');
    t.equal(await page.locator('#dcs tr[data-id]').count(), 11, 'the instances are shown');
    t.equal(await page.evaluate(() => sessionStorage.getItem('hw-mock-admin-token')), TOKEN, 'the token is kept for this tab');

    // The event stream takes the token too: a change made elsewhere shows up.
    await mock.admin.actions.run({ action: 'breakReplication', instance: HEALTHY });
    await page.locator(`#dcs tr[data-id="${HEALTHY}"] li[data-role="replica"]`).getByText('broken').waitFor();
    t.pass('a change made through the admin API reached the page over the event stream');

    await page.reload();
    await ready(page);
    t.pass('a reload in the same tab needs no token again');

    await page.evaluate(() => sessionStorage.setItem('hw-mock-admin-token', 'stale-token-value'));
    await page.reload();
    await page.getByText('The saved admin token was refused: enter it again.').waitFor();
    t.ok(await page.locator('#dashboard').isHidden(), 'a saved token that stopped working: the form again, no data');
    clean(t, dash);
  });

  t.test('(e) a scenario with a mistake: the path-precise issue, and nothing changes; a good one loads', async (t) => {
    const dash = await openDashboard(t, browser);
    const { page, mock } = dash;
    await ready(page);
    const section = page.locator('#scenario');
    t.equal(await section.locator('.scenario-name').textContent(), 'default');
    await section.getByText('Load another scenario').click();
    const yaml = section.getByLabel('Scenario (YAML)');
    await yaml.fill(`name: typo\nprojects:\n  - id: ${PROJECT}\n    instances:\n      - { id: ${HEALTHY}, cache_mode: clustre }\n`);
    await section.getByRole('button', { name: 'Load scenario' }).click();
    const alert = section.locator('[role="alert"]');
    await alert.locator('.issues').waitFor();
    t.equal(await alert.locator('.issues .path').first().textContent(), 'projects[0].instances[0].cache_mode', 'the issue names its path');
    t.match(await alert.locator('.issues li').first().textContent(), /expected one of single, ha, ha_rw_split, cluster, proxy, got "clustre"/, 'and what was expected');
    t.match(await alert.textContent(), /the running one is unchanged/);
    await dash.screenshot('scenario-refused');

    t.equal(await section.locator('.scenario-name').textContent(), 'default', 'the page still shows the default scenario');
    t.equal(await page.locator('#dcs tr[data-id]').count(), 11);
    const health = await mock.admin.health();
    t.equal(health.scenario, 'default', 'admin API: the scenario is unchanged');
    t.equal(health.counts.instances, 11, 'admin API: the same instances');

    await yaml.fill(`name: ui-small\nprojects:\n  - id: ${PROJECT}\n    instances:\n      - { id: ${HEALTHY}, name: only-one, cache_mode: ha }\n`);
    await section.getByRole('button', { name: 'Load scenario' }).click();
    await section.locator('.scenario-name').getByText('ui-small').waitFor();
    t.ok(await alert.isHidden(), 'the issues are gone');
    await page.locator('#dcs tr[data-id]').nth(1).waitFor({ state: 'detached' });
    t.equal(await page.locator('#dcs tr[data-id]').count(), 1, 'the page shows the new scenario\'s one instance');
    t.equal(await page.locator('#dws article[data-id]').count(), 0, 'and no cluster');
    t.equal((await mock.admin.health()).scenario, 'ui-small', 'admin API: loaded');

    // A project reset from the page undoes a swap.
    const row = page.locator(`#dcs tr[data-id="${HEALTHY}"]`);
    const master = await row.locator('li[data-role="master"]').getAttribute('data-node');
    await row.getByRole('button', { name: /^Swap/ }).click();
    await row.locator(`li[data-role="replica"][data-node="${master}"]`).waitFor();
    await section.getByLabel('Project').selectOption(PROJECT);
    await section.getByRole('button', { name: 'Reset project' }).click();
    await row.locator(`li[data-role="master"][data-node="${master}"]`).waitFor();
    t.pass('after the reset, the first master is master again');
    t.equal(await page.locator('#journal tbody tr').count(), 0, 'the project\'s journal was emptied with it');
    clean(t, dash);
  });

  t.test('rules: a rule written as JSON is checked by the server, its issue shown inline; a good one is added, then deleted', async (t) => {
    const dash = await openDashboard(t, browser);
    const { page, mock } = dash;
    await ready(page);
    const rules = page.locator('#rules');
    await rules.getByText('Write a rule as JSON').click();
    const editor = rules.getByLabel(/^Rule \(JSON/);
    await editor.fill('{ "operation": "dcs.swapp", "times": 0, "action": { "status": 503 } }');
    await rules.getByRole('button', { name: 'Add rule' }).click();
    const alert = rules.locator('[role="alert"]');
    await alert.locator('.issues').waitFor();
    const issues = await alert.locator('.issues li').allTextContents();
    t.ok(issues.some((i) => /^operation: expected .*got "dcs\.swapp"$/.test(i)), 'the operation typo, with its path', { issues });
    t.ok(issues.some((i) => /^times: /.test(i)), 'times: 0, with its path', { issues });
    t.equal(await rules.locator('tbody tr').count(), 0, 'no rule was added');
    t.same(await mock.admin.rules.list(), [], 'admin API: no rule');

    await editor.fill('{ not json');
    await rules.getByRole('button', { name: 'Add rule' }).click();
    await alert.getByText(/^Not valid JSON/).waitFor();
    t.pass('text that is not JSON is refused before it is sent');

    await editor.fill('{ "id": "slow-lists", "operation": "dcs.listInstances", "action": { "delay": { "ms": 100 } } }');
    await rules.getByRole('button', { name: 'Add rule' }).click();
    const row = rules.locator('tr[data-rule="slow-lists"]');
    await row.waitFor();
    t.ok(await alert.isHidden(), 'the issues are gone');
    t.match(await row.textContent(), /dcs\.listInstances→ delay: \{"ms":100\}every call00/, 'the rule, its condition and counters');
    t.same((await mock.admin.rules.list()).map((r) => r.id), ['slow-lists'], 'admin API: added');
    await dash.screenshot('rules-added');

    await row.getByRole('button', { name: 'Delete rule slow-lists' }).click();
    await row.waitFor({ state: 'detached' });
    t.same(await mock.admin.rules.list(), [], 'admin API: deleted');
    clean(t, dash);
  });
}
