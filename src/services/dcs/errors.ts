/**
 * The DCS error family: its catalog (status, code, message, and the numeric code of the
 * legacy envelope), its two envelopes, and the entries the gateway needs. Source: the DCS
 * API reference's "Error Codes" page (docs/behaviour.md). Legacy codes marked `derived` are
 * not published; they follow the published pattern `111` + HTTP status + the last three
 * digits of the DCS code.
 */
import { Type } from '@sinclair/typebox';
import { type CatalogEntry, type ErrorOverride } from '../../core/errors.js';
import { failure, type ErrorContext, type Failure, type ServiceErrors } from '../../core/service.js';
import { type DcsModel } from './model.js';

export interface DcsEntry extends CatalogEntry {
  /** Numeric code of the legacy `{"error":{"code","message"}}` envelope. */
  readonly legacy: string;
}

const dcs = (status: number, code: string, legacy: string, message: string): DcsEntry => ({ family: 'dcs', status, code, legacy, message });

export const DCS_ERRORS = {
  PROJECT_ID_INVALID: dcs(400, 'DCS.4002', '111400002', 'Invalid project ID format.'),
  INSTANCE_ID_INVALID: dcs(400, 'DCS.4061', '111400061', 'Invalid instance ID format.'),
  PARAMETER_INVALID: dcs(400, 'DCS.4063', '111400063', 'Invalid {0} parameter in the request.'),
  JOB_RUNNING: dcs(400, 'DCS.4017', '111400017', 'This DCS instance job task is still running.'),
  STATE_NOT_ALLOWED: dcs(400, 'DCS.4026', '111400026', 'This operation is not allowed when the DCS instance is in the current state.'),
  NOT_ON_THIS_NODE: dcs(400, 'DCS.4027', '111400027', 'This operation is not supported on this node.'),
  NOT_RUNNING: dcs(400, 'DCS.4049', '111400049' /* derived */, 'The instance status is not running.'),
  SWAP_NOT_SUPPORTED: dcs(400, 'DCS.4855', '111400855' /* derived */, 'Master standby swap is not supported.'),
  BACKING_UP: dcs(400, 'DCS.4096', '111400096', 'the instance is backuping.'),
  RESTORING: dcs(400, 'DCS.4097', '111400097', 'the instance is restoring.'),
  RECOVERING: dcs(400, 'DCS.4104', '111400104', 'The DCS instance is recovering from an internal fault. Please try again later or contact customer service.'),
  RESTARTING: dcs(400, 'DCS.4111', '111400111', 'the instance is restarting.'),
  EXTENDING: dcs(400, 'DCS.4113', '111400113', 'the instance is extending.'),
  CONFIGURING: dcs(400, 'DCS.4114', '111400114', 'the instance is configuring.'),
  CHANGING_PASSWORD: dcs(400, 'DCS.4115', '111400115', 'the instance is changing the password.'),
  UPGRADING: dcs(400, 'DCS.4116', '111400116', 'the instance is upgrading.'),
  ROLLING_BACK: dcs(400, 'DCS.4117', '111400117', 'the instance is rollbacking the version.'),
  CREATING: dcs(400, 'DCS.4118', '111400118', 'the instance is creating.'),
  FREEZING: dcs(400, 'DCS.4120', '111400120', 'the instance is Freezing.'),
  TOKEN_INVALID: dcs(401, 'DCS.1001', '111401001', 'Invalid token.'),
  TOKEN_EXPIRED: dcs(401, 'DCS.1002', '111401002', 'Token expired.'),
  TOKEN_MISSING: dcs(401, 'DCS.1003', '111401003', 'No token in the request.'),
  PROJECT_MISMATCH: dcs(401, 'DCS.1004', '111401004', 'Project ID does not match the token.'),
  READ_ONLY_TENANT: dcs(403, 'DCS.3002', '111403002', 'This tenant has read permission only and cannot perform this operation.'),
  ROLE_DENIED: dcs(403, 'DCS.3003', '111403003', 'This role does not have the permission to perform this operation.'),
  URL_NOT_FOUND: dcs(404, 'DCS.4001', '111404001', 'The requested URL does not exist.'),
  INSTANCE_NOT_FOUND: dcs(404, 'DCS.3022', '111404022', 'This DCS instance does not exist.'),
  METHOD_NOT_ALLOWED: dcs(405, 'DCS.5001', '111405001', 'This request method is not allowed.'),
  INTERNAL: dcs(500, 'DCS.5000', '111500000', 'Internal service error.'),
  SWAP_FAILED: dcs(500, 'DCS.5094', '111500094' /* derived */, 'Master standby swap failed.'),
  QUERY_FAILED: dcs(500, 'DCS.5024', '111500024' /* derived */, 'Query instance failed.'),
  NODE_NOT_FOUND: dcs(500, 'DCS.5053', '111500053' /* derived */, 'Instance node not found.'),
} as const satisfies Record<string, DcsEntry>;

type DcsErrorKey = keyof typeof DCS_ERRORS;

/** The busy code an instance answers a swap with in this status. */
const BUSY_BY_STATUS: Readonly<Record<string, DcsErrorKey>> = {
  RESTARTING: 'RESTARTING',
  EXTENDING: 'EXTENDING',
  RESTORING: 'RESTORING',
  CREATING: 'CREATING',
  FROZEN: 'FREEZING',
  UPGRADING: 'UPGRADING',
  ROLLBACKING: 'ROLLING_BACK',
};

export function busyError(status: string): DcsEntry {
  return DCS_ERRORS[BUSY_BY_STATUS[status] ?? 'NOT_RUNNING'];
}

/** Operations of the v1.0 API: the only ones the legacy envelope applies to. */
const V1_OPERATIONS: ReadonlySet<string> = new Set(['dcs.swap', 'dcs.getInstance', 'dcs.listInstances']);

const CurrentEnvelope = Type.Object(
  { error_code: Type.String(), error_msg: Type.String(), error_ext_msg: Type.Null() },
  { additionalProperties: false, description: 'DCS error.' },
);
const LegacyEnvelope = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String() }, { additionalProperties: false }) },
  { additionalProperties: false, description: 'DCS error, legacy envelope (option dcs.errorEnvelope: legacy, v1.0 routes).' },
);

export const dcsErrors: ServiceErrors<DcsModel> = {
  schema: Type.Union([CurrentEnvelope, LegacyEnvelope]),
  render(entry: CatalogEntry, override: ErrorOverride, ctx: ErrorContext<DcsModel>) {
    const code = override.code ?? entry.code;
    const message = override.message ?? entry.message;
    if (ctx.model.options.errorEnvelope === 'legacy' && V1_OPERATIONS.has(ctx.operation ?? '')) {
      return { error: { code: override.code ?? (entry as DcsEntry).legacy ?? code, message } };
    }
    return { error_code: code, error_msg: message, error_ext_msg: null };
  },
  internal: DCS_ERRORS.INTERNAL,
  byStatus: {
    400: DCS_ERRORS.STATE_NOT_ALLOWED, 403: DCS_ERRORS.ROLE_DENIED, 404: DCS_ERRORS.INSTANCE_NOT_FOUND,
    405: DCS_ERRORS.METHOD_NOT_ALLOWED, 500: DCS_ERRORS.INTERNAL,
  },
  validation(part: string, field: string): Failure {
    if (part === 'params' && field === 'project_id') return failure(DCS_ERRORS.PROJECT_ID_INVALID);
    if (part === 'params' && field === 'instance_id') return failure(DCS_ERRORS.INSTANCE_ID_INVALID);
    return failure(DCS_ERRORS.PARAMETER_INVALID, { message: DCS_ERRORS.PARAMETER_INVALID.message.replace('{0}', field || 'a') });
  },
  projectMismatch: DCS_ERRORS.PROJECT_MISMATCH,
};
