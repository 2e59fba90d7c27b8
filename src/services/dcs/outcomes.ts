/**
 * Model outcomes → wire answers. The v1.0 and v2 swap routes share one model
 * operation; only this mapping differs (docs/behaviour.md, DCS). The `dcsCode` fault
 * rule answers through the same mapping.
 */
import { oneOf } from '../../scenario/parts.js';
import { constant, failure, ok, type Answer, type Failure, type Ok, type RuleOutcome } from '../../core/service.js';
import { DCS_ERRORS, busyError } from './errors.js';
import { type PriorityOutcome, type Refusal, type ShardSwitchoverOutcome, type SwapOutcome } from './operations.js';
import { type DcsOptions } from './model.js';

/** The page's own failure example, byte for byte: typo and trailing CR kept. */
export const CODE_1_MESSAGE = 'repliation abnormal, master connected_slaves:0\r';
export const CODE_2_MESSAGE = 'master standby status abnormal, master_link_status:down\r';
export const CODE_3_MESSAGE = 'internal service error';

/** v1.0 answers, shared objects: the hot path allocates nothing to say what happened. */
export const SWAP_V1: Readonly<Record<'ok' | '1' | '2' | '3', Ok>> = {
  ok: ok(constant({ code: '', message: 'success' })),
  1: ok(constant({ code: '1', message: CODE_1_MESSAGE })),
  2: ok(constant({ code: '2', message: CODE_2_MESSAGE })),
  3: ok(constant({ code: '3', message: CODE_3_MESSAGE })),
};

const F = {
  NOT_FOUND: failure(DCS_ERRORS.INSTANCE_NOT_FOUND),
  NOT_SUPPORTED: failure(DCS_ERRORS.SWAP_NOT_SUPPORTED),
  JOB_RUNNING: failure(DCS_ERRORS.JOB_RUNNING),
  SWAP_FAILED: failure(DCS_ERRORS.SWAP_FAILED),
  INTERNAL: failure(DCS_ERRORS.INTERNAL),
  URL_NOT_FOUND: failure(DCS_ERRORS.URL_NOT_FOUND),
  NOT_SHARDED: failure(DCS_ERRORS.STATE_NOT_ALLOWED),
  IS_MASTER: failure(DCS_ERRORS.NOT_ON_THIS_NODE),
  NO_GROUP: failure(DCS_ERRORS.PARAMETER_INVALID, { message: DCS_ERRORS.PARAMETER_INVALID.message.replace('{0}', 'group_id') }),
  NO_NODE: failure(DCS_ERRORS.PARAMETER_INVALID, { message: DCS_ERRORS.PARAMETER_INVALID.message.replace('{0}', 'node_id') }),
};
export { F as DCS_FAILURES };

export function refusal(r: Refusal): Failure {
  switch (r.kind) {
    case 'not-found': return F.NOT_FOUND;
    case 'not-supported': return F.NOT_SUPPORTED;
    case 'not-running': return failure(busyError(r.status));
    case 'job-running': return F.JOB_RUNNING;
    case 'not-sharded': return F.NOT_SHARDED;
    case 'is-master': return F.IS_MASTER;
    case 'no-group': return F.NO_GROUP;
    case 'no-node': return F.NO_NODE;
  }
}

const NO_CONTENT = ok(null, 204);

/** v1.0 `PUT …/swap`: 200 with a `{code, message}` body (or 204, option `v1SwapSuccess: noContent`), or a refusal. */
export function swapV1(outcome: SwapOutcome, options: DcsOptions): Answer {
  switch (outcome.kind) {
    case 'swapped': return options.v1SwapSuccess === 'noContent' ? NO_CONTENT : SWAP_V1.ok;
    case 'syncing': return SWAP_V1[1];
    case 'job-running': return SWAP_V1[1];
    case 'broken': return SWAP_V1[2];
    case 'internal': return SWAP_V1[3];
    default: return refusal(outcome);
  }
}

/** v2 `POST …/swap`: 204, or an error (code 1 → DCS.4017, 2 → DCS.5094, 3 → DCS.5000). */
export function swapV2(outcome: SwapOutcome): Answer {
  switch (outcome.kind) {
    case 'swapped': return NO_CONTENT;
    case 'syncing': return F.JOB_RUNNING;
    case 'broken': return F.SWAP_FAILED;
    case 'internal': return F.INTERNAL;
    default: return refusal(outcome);
  }
}

/** Shard switchover: 200 `{job_id}`, or the v2 swap's codes for a replica that cannot be promoted now. */
export function shardSwitchoverAnswer(outcome: ShardSwitchoverOutcome): Answer {
  switch (outcome.kind) {
    case 'accepted': return ok({ job_id: outcome.job.id });
    case 'swapped': return F.INTERNAL; // never: a shard switchover promotes in its job
    case 'syncing': return F.JOB_RUNNING;
    case 'broken': return F.SWAP_FAILED;
    case 'internal': return F.INTERNAL;
    default: return refusal(outcome);
  }
}

/** Slave priority: 204, or a refusal. */
export function priorityAnswer(outcome: PriorityOutcome): Answer {
  return outcome.kind === 'set' ? NO_CONTENT : refusal(outcome);
}

export const SWAP_OPERATIONS = ['dcs.swap', 'dcs.swapV2', 'dcs.asyncSwap', 'dcs.shardSwitchover'] as const;

/** Fault rule `dcsCode: "1" | "2" | "3"`: the swap's own failure codes, whatever the model says. */
export const dcsCodeOutcome: RuleOutcome = {
  key: 'dcsCode',
  schema: oneOf(['1', '2', '3'] as const),
  operations: SWAP_OPERATIONS,
  answer(operation: string, value: unknown): Answer {
    const code = value as '1' | '2' | '3';
    if (operation === 'dcs.swap') return SWAP_V1[code];
    return code === '1' ? F.JOB_RUNNING : code === '2' ? F.SWAP_FAILED : F.INTERNAL;
  },
};
