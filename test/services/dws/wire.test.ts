/**
 * Wire types against the official SDK's models (huaweicloud-sdk-nodejs-v3, DWS v2 models): every key a
 * DWS read writes is one the model declares (besides the documented `_mock`), every required
 * one is there, and every value has the declared JSON type. Independent of the route schemas,
 * so it also catches a schema that drifts from the SDK.
 */
import t from 'tap';
import { build, PROJECT, DWS_IDS } from '../../helper.js';

type Kind = 'string' | 'number' | 'object' | 'array' | 'map';
/** [JSON type, required by the model's constructor, model of the items/properties]. */
type Field = readonly [kind: Kind, required: boolean, nested?: Model | 'string'];
interface Model { readonly [key: string]: Field }

const Endpoints: Model = { connect_info: ['string', false], jdbc_url: ['string', false] };
const Nodes: Model = { id: ['string', true], status: ['string', true], name: ['string', false] };
const Tags: Model = { key: ['string', true], value: ['string', true] };
const PublicIp: Model = {
  public_bind_type: ['string', false], eip_id: ['string', false], ip_type: ['string', false], eip_address: ['string', false],
  band_width: ['number', false], status: ['string', false], error_message: ['string', false],
};
const PublicEndpoints: Model = { public_connect_info: ['string', false], jdbc_url: ['string', false] };
const FailedReason: Model = { error_code: ['string', false], error_msg: ['string', false] };
const ParameterGroup: Model = { id: ['string', true], name: ['string', true], status: ['string', true] };
const MaintainWindow: Model = { day: ['string', false], start_time: ['string', false], end_time: ['string', false] };

const common: Model = {
  id: ['string', true], name: ['string', true], status: ['string', true], version: ['string', true], updated: ['string', true],
  created: ['string', true], port: ['number', true], endpoints: ['array', true, Endpoints], nodes: ['array', true, Nodes],
  tags: ['array', true, Tags], user_name: ['string', true], number_of_node: ['number', true], recent_event: ['number', true],
  availability_zone: ['string', true], enterprise_project_id: ['string', true], node_type: ['string', true], vpc_id: ['string', true],
  subnet_id: ['string', true], public_ip: ['object', true, PublicIp], public_endpoints: ['array', true, PublicEndpoints],
  action_progress: ['map', true], sub_status: ['string', true], task_status: ['string', true], security_group_id: ['string', true],
  failed_reasons: ['object', false, FailedReason],
};
const ClusterInfo: Model = common;
const ClusterDetail: Model = {
  ...common,
  parameter_group: ['object', false, ParameterGroup], node_type_id: ['string', true], order_id: ['string', false],
  private_ip: ['array', true, 'string'], maintain_window: ['object', false, MaintainWindow],
  resize_info: ['object', false], elb: ['object', false],
};
const ClusterNodeInfo: Model = {
  id: ['string', false], name: ['string', false], status: ['string', false], sub_status: ['string', false], spec: ['string', false],
  inst_create_type: ['string', false], alias_name: ['string', false], az_code: ['string', false],
};
const ListClusters: Model = { clusters: ['array', false, ClusterInfo], count: ['number', false] };
const ListClusterDetails: Model = { cluster: ['object', false, ClusterDetail] };
const ListClusterNodes: Model = { node_list: ['array', false, ClusterNodeInfo], count: ['number', false], failed_count: ['number', false] };

const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every misfit of `value` against `model`, as "path: why"; `_mock` allowed where `mock` says. */
function misfits(value: unknown, model: Model, path: string, mockAt: ReadonlySet<Model>): string[] {
  if (kindOf(value) !== 'object') return [`${path}: expected an object, got ${kindOf(value)}`];
  const object = value as Record<string, unknown>;
  const out: string[] = [];
  for (const [key, [, required]] of Object.entries(model)) {
    if (required && !(key in object)) out.push(`${path}.${key}: required by the SDK model, missing`);
  }
  for (const [key, v] of Object.entries(object)) {
    const where = `${path}.${key}`;
    if (key === '_mock' && mockAt.has(model)) continue;
    const field = model[key];
    if (!field) { out.push(`${where}: not in the SDK model`); continue; }
    const [kind, , nested] = field;
    const got = kindOf(v);
    if (kind === 'map') {
      if (got !== 'object') out.push(`${where}: expected a map, got ${got}`);
      else for (const [k, x] of Object.entries(v as object)) if (typeof x !== 'string') out.push(`${where}.${k}: expected a string, got ${kindOf(x)}`);
    } else if (got !== kind) {
      out.push(`${where}: expected ${kind}, got ${got}`);
    } else if (kind === 'number' && !Number.isInteger(v)) {
      out.push(`${where}: expected an integer (int32 in the Go SDK), got ${String(v)}`);
    } else if (kind === 'object' && nested && nested !== 'string') {
      out.push(...misfits(v, nested, where, mockAt));
    } else if (kind === 'array' && nested) {
      (v as unknown[]).forEach((item, i) => {
        if (nested === 'string') { if (typeof item !== 'string') out.push(`${where}[${i}]: expected a string, got ${kindOf(item)}`); }
        else out.push(...misfits(item, nested, `${where}[${i}]`, mockAt));
      });
    }
  }
  return out;
}

const WITH_MOCK = new Set([ClusterDetail, ClusterNodeInfo]);

t.test('the checker itself catches a wrong type, a missing required key, an extra key and a null object', async (t) => {
  t.same(misfits({ clusters: [], count: '2' }, ListClusters, '', WITH_MOCK), ['.count: expected number, got string']);
  t.same(misfits({ node_list: [{ id: 'x', role: 'primary' }] }, ListClusterNodes, '', WITH_MOCK), ['.node_list[0].role: not in the SDK model']);
  t.match(misfits({ cluster: { id: 'x', public_ip: null } }, ListClusterDetails, '', WITH_MOCK), ['.cluster.name: required by the SDK model, missing']);
  t.ok(misfits({ cluster: { public_ip: null } }, ListClusterDetails, '', WITH_MOCK).includes('.cluster.public_ip: expected object, got null'), 'null is not an object');
  t.same(misfits({ clusters: [{ _mock: {} }] }, { clusters: ['array', false, { id: ['string', false] }] }, '', WITH_MOCK), ['.clusters[0]._mock: not in the SDK model'], '_mock only where documented');
});

t.test('every DWS read of the default scenario fits the SDK models, idle and mid-switchover', async (t) => {
  const { app, clock } = await build(t);
  const check = async (label: string) => {
    const v1 = (await app.inject({ url: `/v1.0/${PROJECT}/clusters` })).json();
    const v2 = (await app.inject({ url: `/v2/${PROJECT}/clusters` })).json();
    t.same(misfits(v1, ListClusters, 'v1.0 list', WITH_MOCK), [], `${label}: v1.0 list`);
    t.same(misfits(v2, ListClusters, 'v2 list', WITH_MOCK), [], `${label}: v2 list`);
    for (const id of Object.values(DWS_IDS)) {
      const detail = (await app.inject({ url: `/v1.0/${PROJECT}/clusters/${id}` })).json();
      t.same(misfits(detail, ListClusterDetails, `detail ${id}`, WITH_MOCK), [], `${label}: detail ${id}`);
      const nodes = (await app.inject({ url: `/v2/${PROJECT}/clusters/${id}/nodes` })).json();
      t.same(misfits(nodes, ListClusterNodes, `nodes ${id}`, WITH_MOCK), [], `${label}: nodes ${id}`);
    }
  };
  await check('idle');
  t.equal((await app.inject({ method: 'POST', url: `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}/switchover` })).statusCode, 200);
  clock.advance(2000);
  await check('a switchover running');
});

t.test('the values the SDK types call for: string node codes, integer counts, public_ip an object, node names', async (t) => {
  const { app } = await build(t);
  const c = (await app.inject({ url: `/v1.0/${PROJECT}/clusters/${DWS_IDS.unbalanced}` })).json().cluster;
  t.same(c.public_ip, { public_bind_type: 'not_use', eip_id: '' }, 'no EIP: not_use, not null');
  t.same(c.nodes.map((n: { status: string }) => n.status), ['200', '200', '200']);
  t.same(c.nodes.map((n: { name: string }) => n.name), ['dws-unbalanced-dws-cn-cn-1-1', 'dws-unbalanced-dws-cn-cn-2-1', 'dws-unbalanced-dws-cn-cn-3-1']);
  t.same(c.nodes.map((n: { id: string }) => n.id), c._mock.nodes.map((n: { id: string }) => n.id), 'the same node ids as the placement');
  const nodes = (await app.inject({ url: `/v2/${PROJECT}/clusters/${DWS_IDS.unbalanced}/nodes` })).json();
  t.same(nodes.node_list.map((n: { id: string }) => n.id), c.nodes.map((n: { id: string }) => n.id), 'node list and detail agree');
  t.same([typeof nodes.count, typeof nodes.failed_count], ['number', 'number']);
});
