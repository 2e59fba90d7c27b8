/**
 * DWS in the dashboard: each cluster's node × DN-pair grid (where each pair's primary and
 * standby sit, at home on their designed node or moved), its status, derived `sub_status`,
 * running task and progress. Per cluster: the switchover as a client calls it, and the model's
 * actions (fail or recover a node, fail the next switchover, set the status).
 * Browser code: reads `GET /_mock/state`'s `clusters` key (src/services/dws/index.ts).
 */
import { totalOf, type ProjectState } from '../../ui/api.js';
import { type ServiceView, type ViewContext } from '../../ui/contract.js';
import { badge, fill, h, idText, KeyedList, srOnly, uid, type Item, type Tone } from '../../ui/dom.js';
import { CLUSTER_STATUSES } from './model.js';

interface Placement {
  readonly nodes: readonly { readonly index: number; readonly id: string; readonly name: string; readonly down: boolean; readonly primaries: number }[];
  readonly pairs: readonly { readonly designed_primary: number; readonly designed_standby: number; readonly primary_on: number }[];
  readonly balanced: boolean;
}

interface ClusterState {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly status: string;
  readonly sub_status: string;
  readonly task_status: string;
  readonly action_progress: Record<string, string>;
  readonly fail_next_switchover: boolean;
  readonly placement: Placement;
}

const SHOWN = 100;

const subStatusTone = (s: string): Tone => (s === 'NORMAL' ? 'ok' : s === '' ? 'muted' : /DEGRADED|FAILURE/.test(s) ? 'bad' : 'warn');
const statusTone = (s: string): Tone => (s === 'AVAILABLE' || s === 'ACTIVE' ? 'ok' : /FAIL|UNAVAILABLE/.test(s) ? 'bad' : 'warn');

/** `{"ACTIVE_STANDY_SWITCHOVER": "40%"}` → 40 (the first task's), or undefined. */
function progressOf(progress: Record<string, string>): number | undefined {
  const first = Object.values(progress)[0];
  const n = first === undefined ? Number.NaN : Number.parseFloat(first);
  return Number.isFinite(n) ? n : undefined;
}

/** One cell of the grid: the instance of `pair` on node `node`, if it has one there. */
function dnCell(pair: Placement['pairs'][number], k: number, node: number): HTMLTableCellElement {
  if (node !== pair.designed_primary && node !== pair.designed_standby) return h('td', { class: 'dn empty' }, srOnly('none'));
  const role = pair.primary_on === node ? 'primary' : 'standby';
  const designed = node === pair.designed_primary ? 'primary' : 'standby';
  const home = role === designed;
  const other = (node === pair.designed_primary ? pair.designed_standby : pair.designed_primary) + 1;
  const spoken = `${role}, ${home ? 'home' : `moved (designed ${designed}; pair's other node: ${other})`}`;
  return h('td', { class: `dn ${role} ${home ? 'home' : 'moved'}`, 'data-pair': k, 'data-role': role, 'data-home': String(home), title: `DN ${6001 + 2 * k}/${6002 + 2 * k}: ${spoken}` },
    h('span', { 'aria-hidden': 'true' }, role === 'primary' ? 'P' : 'S', home ? '' : '↷'),
    srOnly(spoken));
}

function grid(c: ClusterState): HTMLTableElement {
  const { nodes, pairs } = c.placement;
  return h('table', { class: 'grid' },
    h('caption', { class: 'sr-only' }, `Placement of ${c.name}: ${nodes.length} nodes by ${pairs.length} DN pairs`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Node'), ...pairs.map((_, k) => h('th', { scope: 'col', title: `DN instances ${6001 + 2 * k} and ${6002 + 2 * k}` }, `DN ${k + 1}`)))),
    h('tbody', {}, ...nodes.map((n) => h('tr', { 'data-node': n.index, class: n.down ? 'down' : undefined },
      h('th', { scope: 'row', title: n.name }, `node ${n.index + 1}`, n.down ? h('span', {}, ' ', badge('down', 'bad')) : null),
      ...pairs.map((pair, k) => dnCell(pair, k, n.index))))));
}

const ACTIONS: readonly [string, string][] = [
  ['failNode', 'Fail node'],
  ['recoverNode', 'Recover node'],
  ['failNextSwitchover', 'Fail next switchover'],
  ['setClusterStatus', 'Set status…'],
];

function clusterCard(project: string, c: ClusterState, ctx: ViewContext): Item<ClusterState> {
  const titleId = uid('dws-cluster');
  const facts = h('div', { class: 'facts-line' });
  const task = h('div', { class: 'task' });
  const gridBox = h('div', { class: 'grid-wrap' });

  const switchover = h('button', { type: 'button', class: 'primary small', 'aria-label': `Switchover ${c.name} (POST v1.0 switchover)` }, 'Switchover');
  switchover.addEventListener('click', () => void ctx.call('POST', `/v1.0/${project}/clusters/${c.id}/switchover`));

  const actionId = uid('dws-action'), nodeId = uid('dws-node'), statusId = uid('dws-status');
  const menu = h('select', { id: actionId }, ...ACTIONS.map(([value, label]) => h('option', { value }, label)));
  const node = h('select', { id: nodeId });
  const status = h('select', { id: statusId }, ...CLUSTER_STATUSES.map((s) => h('option', { value: s }, s)));
  const nodeField = h('span', { class: 'inline-field' }, h('label', { for: nodeId, class: 'sr-only' }, `Node of ${c.name}`), node);
  const statusField = h('span', { class: 'inline-field' }, h('label', { for: statusId, class: 'sr-only' }, `New status of ${c.name}`), status);
  const showFields = () => {
    nodeField.hidden = menu.value !== 'failNode' && menu.value !== 'recoverNode';
    statusField.hidden = menu.value !== 'setClusterStatus';
  };
  menu.addEventListener('change', showFields);
  showFields();
  const form = h('form', { class: 'action-form' },
    h('label', { for: actionId, class: 'sr-only' }, `Action on ${c.name}`), menu, nodeField, statusField,
    h('button', { type: 'submit', class: 'small' }, 'Run', srOnly(` on ${c.name}`)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const action: Record<string, unknown> = { action: menu.value, cluster: c.id };
    if (!nodeField.hidden) action.node = Number(node.value);
    if (!statusField.hidden) action.status = status.value;
    void ctx.act(action);
  });

  const el = h('article', { class: 'cluster', 'data-id': c.id, 'aria-labelledby': titleId },
    h('h4', { id: titleId }, h('span', { class: 'name' }, c.name), ' ', idText(c.id)),
    facts, task, gridBox,
    h('div', { class: 'actions' }, switchover, form));
  return {
    el,
    update(cl) {
      fill(facts,
        badge(cl.status, statusTone(cl.status)), ' ',
        h('span', { class: 'sub-status', 'data-sub-status': cl.sub_status }, cl.sub_status === '' ? badge('no sub_status', 'muted') : badge(cl.sub_status, subStatusTone(cl.sub_status))), ' ',
        h('span', { class: 'muted' }, `v${cl.version}`),
        cl.fail_next_switchover ? h('span', {}, ' ', badge('next switchover fails', 'warn')) : null);
      const pct = progressOf(cl.action_progress);
      fill(task, cl.task_status === ''
        ? h('span', { class: 'muted' }, 'no task')
        : h('span', { class: 'task-line' }, 'task ', h('code', { class: 'task-status' }, cl.task_status),
          pct === undefined ? null : h('span', {}, ' ', h('progress', { max: 100, value: pct, 'aria-label': `${cl.name} task progress` }), ` ${pct} %`)));
      fill(gridBox, grid(cl));
      // A grid with many pairs takes the whole row rather than scrolling in a narrow card.
      el.classList.toggle('wide', cl.placement.pairs.length > 8);
      const count = cl.placement.nodes.length;
      if (node.options.length !== count) {
        const chosen = node.value;
        node.replaceChildren(...cl.placement.nodes.map((n) => h('option', { value: n.index }, `node ${n.index + 1}`)));
        if (chosen !== '' && Number(chosen) < count) node.value = chosen;
      }
    },
  };
}

function projectBlock(project: ProjectState, ctx: ViewContext): Item<ProjectState> {
  const heading = h('h3', { class: 'project-title' });
  const cards = h('div', { class: 'cards' });
  const note = h('p', { class: 'muted' });
  const list = new KeyedList<ClusterState>(cards, (c) => c.id, (c) => clusterCard(project.id, c, ctx));
  return {
    el: h('div', { class: 'project', 'data-project': project.id }, heading, cards, note),
    update(p) {
      const clusters = (p.clusters ?? []) as readonly ClusterState[];
      const total = totalOf(p, 'clusters');
      fill(heading, `Project ${p.name ?? ''} `, idText(p.id), h('span', { class: 'muted' }, ` · ${total} cluster${total === 1 ? '' : 's'}`));
      list.set(clusters.slice(0, SHOWN));
      note.textContent = total > SHOWN ? `Showing the first ${SHOWN} of ${total}.` : '';
      note.hidden = total <= SHOWN;
    },
  };
}

export const dwsView: ServiceView = {
  id: 'dws',
  title: 'DWS clusters',
  rulePresets: [{ label: '30 % of switchovers → 503', rule: { operation: 'dws.switchover', probability: 0.3, action: { status: 503 } } }],
  mount(root, ctx) {
    const legend = h('p', { class: 'legend muted' },
      h('span', { class: 'dn-key primary home' }, 'P'), ' primary, ', h('span', { class: 'dn-key standby home' }, 'S'), ' standby on its designed node; ',
      h('span', { class: 'dn-key primary moved' }, 'P↷'), ' moved to the pair\'s other node.');
    const list = h('div', { class: 'projects' });
    const empty = h('p', { class: 'muted' }, 'No clusters in this scenario.');
    fill(root, legend, list, empty);
    const blocks = new KeyedList<ProjectState>(list, (p) => p.id, (p) => projectBlock(p, ctx));
    return (projects) => {
      const shown = projects.filter((p) => Array.isArray(p.clusters) && p.clusters.length > 0);
      blocks.set(shown);
      empty.hidden = shown.length > 0;
      legend.hidden = shown.length === 0;
    };
  },
};
