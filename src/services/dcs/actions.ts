/**
 * Things that happen to instances from outside the API: scenario timeline events
 * (`events:`) and `POST /_mock/actions`. Each goes through the model's own operations,
 * so state stays consistent.
 */
import { Type } from '@sinclair/typebox';
import { type ActionInput, type ApplyResult, type ServiceActions } from '../../core/service.js';
import { type Issue } from '../../scenario/issues.js';
import { UuidSchema } from '../../scenario/parts.js';
import { INSTANCE_STATUSES, type DcsModel, type InstanceStatus } from './model.js';
import { failover, finishSyncs, setReplication } from './operations.js';

export const INSTANCE_ACTIONS = ['breakReplication', 'healReplication', 'finishSync', 'restartSync', 'setStatus', 'setInternalFault', 'failover'] as const;

type InstanceAction =
  | { readonly action: 'breakReplication' | 'healReplication' | 'finishSync' | 'restartSync'; readonly instance: string }
  | { readonly action: 'setStatus'; readonly instance: string; readonly status: InstanceStatus }
  | { readonly action: 'setInternalFault'; readonly instance: string; readonly fault: boolean }
  | { readonly action: 'failover'; readonly instance: string; readonly group?: string };

export const dcsActions: ServiceActions<DcsModel> = {
  names: INSTANCE_ACTIONS,
  fields: {
    instance: Type.Optional(UuidSchema),
    status: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    fault: Type.Optional(Type.Boolean()),
    group: Type.Optional(Type.String({ minLength: 1, maxLength: 64, expected: 'a shard (group) id, as GET …/groups lists it' })),
  },

  check(a: ActionInput, path: string, lookup): Issue[] {
    const issues: Issue[] = [];
    const need = (key: string, why: string) => {
      if (a[key] === undefined) issues.push({ path: `${path}.${key}`, message: `is required for ${a.action} (${why})` });
    };
    const forbid = (keys: string[]) => {
      for (const key of keys) if (a[key] !== undefined) issues.push({ path: `${path}.${key}`, message: `not used by ${a.action}` });
    };
    need('instance', 'an instance id');
    if (a.action === 'setStatus') need('status', 'an instance status');
    else forbid(['status']);
    if (a.action === 'setInternalFault') need('fault', 'true or false');
    else forbid(['fault']);
    if (a.action !== 'failover') forbid(['group']);
    if (a.action === 'setStatus' && a.status !== undefined && !(INSTANCE_STATUSES as readonly unknown[]).includes(a.status)) {
      issues.push({ path: `${path}.status`, message: `expected one of ${INSTANCE_STATUSES.join(', ')}, got ${JSON.stringify(a.status)}` });
    }
    if (typeof a.instance === 'string') {
      const found = lookup(a.instance);
      if (!found || found.kind !== 'instance') issues.push({ path: `${path}.instance`, message: `unknown instance ${a.instance}` });
    }
    return issues;
  },

  target: (a: ActionInput) => a.instance as string,

  apply(model: DcsModel, input: ActionInput, at: number): ApplyResult {
    const a = input as InstanceAction;
    const inst = model.find(a.instance);
    if (!inst) return { ok: false, message: `no instance ${a.instance}` };
    switch (a.action) {
      case 'breakReplication': setReplication(model, inst, 'broken', at); break;
      case 'healReplication': setReplication(model, inst, 'healthy', at); break;
      case 'finishSync': finishSyncs(model, inst); break;
      case 'restartSync': setReplication(model, inst, 'syncing', at); break;
      case 'setStatus': inst.status = a.status; break;
      case 'setInternalFault': inst.internalFault = a.fault; break;
      case 'failover': {
        if (a.group !== undefined && !inst.shards.some((s) => s.id === a.group)) return { ok: false, message: `no group ${a.group} in instance ${a.instance}` };
        if (failover(model, inst, a.group, at) === 0) return { ok: false, message: `instance ${a.instance} has no replica to fail over to` };
        break;
      }
    }
    inst.updatedAt = at;
    return { ok: true };
  },
};
