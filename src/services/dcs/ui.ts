/**
 * DCS in the dashboard: each project's instances with status, mode and engine, every node with
 * its role (master or replica) and AZ, each replica's replication (a progress bar while it
 * syncs), the pending swap job; for Redis Cluster and Proxy, shard by shard. Per instance: the
 * v1.0 swap as a client calls it, and the model's actions (`POST /_mock/actions`).
 * Browser code: reads `GET /_mock/state`'s `instances`/`jobs` keys (src/services/dcs/index.ts).
 */
import { totalOf, type ProjectState } from '../../ui/api.js';
import { type RulePreset, type ServiceView, type ViewContext } from '../../ui/contract.js';
import { badge, fill, h, idText, KeyedList, shortId, srOnly, uid, type Child, type Item, type Tone } from '../../ui/dom.js';
import { INSTANCE_STATUSES } from './model.js';

interface NodeState {
  readonly id: string;
  readonly az_code: string;
  readonly ip: string;
}

interface ReplicationState {
  readonly state: 'healthy' | 'syncing' | 'broken';
  readonly progress: number;
  readonly sync_ends_at: string | null;
}

interface ShardState {
  readonly id: string;
  readonly name: string;
  readonly master: NodeState;
  readonly replicas: readonly (NodeState & { readonly priority: number; readonly replication: ReplicationState })[];
  readonly next_master: string | null;
}

interface InstanceState {
  readonly id: string;
  readonly name: string;
  readonly engine: string;
  readonly cache_mode: string;
  readonly status: string;
  readonly internal_fault: boolean;
  readonly shards: readonly ShardState[];
  readonly pending_job: string | null;
}

interface JobState {
  readonly job_id: string;
  readonly status: string;
}

/** Instances shown per project (a large world would make the page unusable). */
const SHOWN = 200;
const SHARDED = new Set(['cluster', 'proxy']);
const SWAP_OPERATIONS = ['dcs.swap', 'dcs.swapV2', 'dcs.asyncSwap'];

/** What the action menu offers: a label, and the action's fields beside `instance`. */
const ACTIONS: readonly [string, string, Record<string, unknown>][] = [
  ['break', 'Break replication', { action: 'breakReplication' }],
  ['heal', 'Heal replication', { action: 'healReplication' }],
  ['finish', 'Finish sync', { action: 'finishSync' }],
  ['restart', 'Restart sync', { action: 'restartSync' }],
  ['failover', 'Fail over (master fails)', { action: 'failover' }],
  ['fault-on', 'Internal fault: on', { action: 'setInternalFault', fault: true }],
  ['fault-off', 'Internal fault: off', { action: 'setInternalFault', fault: false }],
  ['status', 'Set status…', { action: 'setStatus' }],
];

const statusTone = (status: string): Tone => (status === 'RUNNING' ? 'ok' : /FAIL|ERROR/.test(status) ? 'bad' : 'warn');
const replicationTone = { healthy: 'ok', syncing: 'info', broken: 'bad' } as const;

/** A syncing replica's progress now: on a real clock it moves toward 100 % at `sync_ends_at`. */
function progressAt(r: ReplicationState, seen: number, now: number): number {
  if (r.state !== 'syncing' || r.sync_ends_at === null || now <= seen) return r.progress;
  const end = Date.parse(r.sync_ends_at);
  if (end <= seen) return r.progress;
  return Math.min(99, Math.floor(r.progress + ((100 - r.progress) * (now - seen)) / (end - seen)));
}

function nodeLine(role: 'master' | 'replica', n: NodeState, extra: Child[] = []): HTMLLIElement {
  return h('li', { class: `node ${role}`, 'data-node': n.id, 'data-role': role, title: `node ${n.id}, ${n.ip}` },
    h('span', { class: `role ${role}` }, role), ' ',
    h('span', { class: 'az' }, n.az_code, srOnly(` (node ${shortId(n.id)})`)),
    ...extra);
}

function shardList(shard: ShardState, seen: number, now: number): HTMLUListElement {
  return h('ul', { class: 'nodes' },
    nodeLine('master', shard.master),
    ...shard.replicas.map((r) => {
      const progress = progressAt(r.replication, seen, now);
      const syncing = r.replication.state === 'syncing';
      return nodeLine('replica', r, [
        ' ', badge(r.replication.state, replicationTone[r.replication.state]),
        syncing ? h('progress', { max: 100, value: progress, 'aria-label': `sync of ${shortId(r.id)}` }, `${progress} %`) : null,
        syncing ? h('span', { class: 'pct' }, `${progress} %`) : null,
      ]);
    }));
}

function instanceRow(project: string, inst: InstanceState, ctx: ViewContext, seen: () => number): Item<{ inst: InstanceState; jobs: readonly JobState[] }> {
  const identity = h('th', { scope: 'row' });
  const nodes = h('td', { class: 'nodes-cell' });

  const swap = h('button', { type: 'button', class: 'primary small', 'aria-label': `Swap ${inst.name} (PUT v1.0 swap)` }, 'Swap');
  swap.addEventListener('click', () => void ctx.call('PUT', `/v1.0/${project}/instances/${inst.id}/swap`));

  const actionId = uid('dcs-action');
  const statusId = uid('dcs-status');
  const menu = h('select', { id: actionId }, ...ACTIONS.map(([value, label]) => h('option', { value }, label)));
  const status = h('select', { id: statusId }, ...INSTANCE_STATUSES.map((s) => h('option', { value: s }, s)));
  const statusField = h('span', { class: 'inline-field' }, h('label', { for: statusId, class: 'sr-only' }, `New status of ${inst.name}`), status);
  statusField.hidden = true;
  menu.addEventListener('change', () => (statusField.hidden = menu.value !== 'status'));
  const form = h('form', { class: 'action-form' },
    h('label', { for: actionId, class: 'sr-only' }, `Action on ${inst.name}`), menu, statusField,
    h('button', { type: 'submit', class: 'small' }, 'Run', srOnly(` on ${inst.name}`)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fields = ACTIONS.find(([value]) => value === menu.value)?.[2];
    if (!fields) return;
    void ctx.act({ ...fields, instance: inst.id, ...(fields.action === 'setStatus' ? { status: status.value } : {}) });
  });

  const tr = h('tr', { 'data-id': inst.id }, identity, nodes, h('td', { class: 'actions' }, h('div', { class: 'actions-box' }, swap, form)));
  return {
    el: tr,
    update({ inst: i, jobs }) {
      const job = i.pending_job === null ? undefined : jobs.find((j) => j.job_id === i.pending_job);
      fill(identity,
        h('div', { class: 'name' }, i.name),
        h('div', { class: 'status-line' },
          h('span', { class: 'instance-status', 'data-status': i.status }, badge(i.status, statusTone(i.status))),
          i.internal_fault ? badge('internal fault', 'bad') : null),
        h('div', { class: 'muted small-text' }, `${i.cache_mode} · ${i.engine} · `, idText(i.id)),
        i.pending_job !== null ? h('div', { class: 'job' }, 'swap job ', h('code', { title: i.pending_job }, i.pending_job.slice(0, 8)), job ? ` ${job.status}` : '') : null);
      const now = ctx.now();
      const at = seen();
      if (SHARDED.has(i.cache_mode)) {
        fill(nodes, ...i.shards.map((s) => h('div', { class: 'shard', 'data-shard': s.id }, h('span', { class: 'shard-name' }, s.name), shardList(s, at, now))));
      } else {
        fill(nodes, ...i.shards.map((s) => shardList(s, at, now)));
      }
    },
  };
}

function projectBlock(project: ProjectState, ctx: ViewContext, seen: () => number): Item<ProjectState> {
  const tableId = uid('dcs-table');
  const tbody = h('tbody');
  const note = h('p', { class: 'muted' });
  const heading = h('h3', { id: tableId, class: 'project-title' });
  const rows = new KeyedList<{ inst: InstanceState; jobs: readonly JobState[] }>(tbody, (v) => v.inst.id, (v) => instanceRow(project.id, v.inst, ctx, seen));
  const el = h('div', { class: 'project', 'data-project': project.id },
    heading,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'resources', 'aria-labelledby': tableId },
        h('thead', {}, h('tr', {}, ...['Instance', 'Nodes (role · AZ · replication)', 'Try it'].map((c) => h('th', { scope: 'col' }, c)))),
        tbody)),
    note);
  return {
    el,
    update(p) {
      const instances = (p.instances ?? []) as readonly InstanceState[];
      const jobs = (p.jobs ?? []) as readonly JobState[];
      const total = totalOf(p, 'instances');
      fill(heading, `Project ${p.name ?? ''} `, idText(p.id), h('span', { class: 'muted' }, ` · ${total} instance${total === 1 ? '' : 's'}`));
      rows.set(instances.slice(0, SHOWN).map((inst) => ({ inst, jobs })));
      note.textContent = total > SHOWN ? `Showing the first ${SHOWN} of ${total}.` : '';
      note.hidden = total <= SHOWN;
    },
  };
}

export const dcsView: ServiceView = {
  id: 'dcs',
  title: 'DCS instances',
  rulePresets: (['1', '2', '3'] as const).map((code): RulePreset => ({
    label: `Next swap → code ${code}`,
    rule: { operation: SWAP_OPERATIONS, times: 1, action: { dcsCode: code } },
  })),
  mount(root, ctx) {
    const list = h('div', { class: 'projects' });
    const empty = h('p', { class: 'muted' }, 'No instances in this scenario.');
    fill(root, list, empty);
    // When the state was read: a real clock's progress moves on from there.
    let seenAt = ctx.now();
    let last: readonly ProjectState[] | undefined;
    const blocks = new KeyedList<ProjectState>(list, (p) => p.id, (p) => projectBlock(p, ctx, () => seenAt));
    return (projects) => {
      if (projects !== last) seenAt = ctx.now();
      last = projects;
      const shown = projects.filter((p) => Array.isArray(p.instances) && p.instances.length > 0);
      blocks.set(shown);
      empty.hidden = shown.length > 0;
    };
  },
};
