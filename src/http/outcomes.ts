/**
 * Model outcomes → wire answers. The v1.0 and v2 swap routes share one model
 * operation; only this mapping differs (CONTRACT §2).
 */
import { ERRORS, dcsBusyError, type CatalogEntry } from '../errors/catalog.js';
import { type Refusal, type SwapOutcome } from '../domain/dcs/operations.js';

/** The page's own failure example, byte for byte: typo and trailing CR kept. */
export const CODE_1_MESSAGE = 'repliation abnormal, master connected_slaves:0\r';
export const CODE_2_MESSAGE = 'master standby status abnormal, master_link_status:down\r';
export const CODE_3_MESSAGE = 'internal service error';

export const SWAP_V1 = {
  ok: { code: '', message: 'success' },
  1: { code: '1', message: CODE_1_MESSAGE },
  2: { code: '2', message: CODE_2_MESSAGE },
  3: { code: '3', message: CODE_3_MESSAGE },
} as const;

export function refusalError(r: Refusal): CatalogEntry {
  switch (r.kind) {
    case 'not-found': return ERRORS.DCS_INSTANCE_NOT_FOUND;
    case 'not-supported': return ERRORS.DCS_SWAP_NOT_SUPPORTED;
    case 'not-running': return ERRORS[dcsBusyError(r.status)];
    case 'job-running': return ERRORS.DCS_JOB_RUNNING;
  }
}

/** v1.0 `PUT …/swap`: 200 with a `{code, message}` body, or the error's catalog entry. */
export function swapV1(outcome: SwapOutcome): { code: string; message: string } | CatalogEntry {
  switch (outcome.kind) {
    case 'swapped': return SWAP_V1.ok;
    case 'syncing': return SWAP_V1[1];
    case 'job-running': return SWAP_V1[1];
    case 'broken': return SWAP_V1[2];
    case 'internal': return SWAP_V1[3];
    default: return refusalError(outcome);
  }
}

/** v2 `POST …/swap`: null for 204, or an error (code 1 → DCS.4017, 2 → DCS.5094, 3 → DCS.5000). */
export function swapV2(outcome: SwapOutcome): null | CatalogEntry {
  switch (outcome.kind) {
    case 'swapped': return null;
    case 'syncing': return ERRORS.DCS_JOB_RUNNING;
    case 'broken': return ERRORS.DCS_SWAP_FAILED;
    case 'internal': return ERRORS.DCS_INTERNAL;
    default: return refusalError(outcome);
  }
}
