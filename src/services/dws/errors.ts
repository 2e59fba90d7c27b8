/**
 * The DWS error family: its catalog and its envelope `{"error_code","error_msg"}`. Source:
 * the DWS API reference's "Error Codes" page and the switchover page (docs/behaviour.md).
 */
import { Type } from '@sinclair/typebox';
import { type CatalogEntry, type ErrorOverride } from '../../core/errors.js';
import { failure, type ServiceErrors } from '../../core/service.js';
import { type DwsModel } from './model.js';

const dws = (status: number, code: string, message: string): CatalogEntry => ({ family: 'dws', status, code, message });

export const DWS_ERRORS = {
  BAD_PARAMETER: dws(400, 'DWS.0001', 'Incorrect parameter.'),
  EMPTY_REQUEST: dws(400, 'DWS.0006', 'The request is empty. Enter a request parameter.'),
  VERSION_UNSUPPORTED: dws(400, 'DWS.5206', 'Databases of this version do not support the function.'),
  INVALID_UUID: dws(400, 'DWS.5064', 'Invalid UUID.'),
  FORBIDDEN: dws(403, 'DWS.0015', 'Resource not found or permission denied.'),
  RESTRICTED: dws(403, 'DWS.0020', 'Restricted account.'),
  STATUS_NOT_ALLOWED: dws(403, 'DWS.7023', 'Cluster status is not allowed to operation.'),
  CLUSTER_NOT_FOUND: dws(404, 'DWS.0047', 'The cluster does not exist.'),
  CONFLICT: dws(409, 'DWS.0011', 'This operation cannot be performed because another operation is being performed on the instance or the instance is faulty. Please try again later.'),
  SERVER_FAILURE: dws(500, 'DWS.0005', 'Server failure.'),
  UNAVAILABLE: dws(503, 'DWS.0503', 'Service unavailable.'),
} as const satisfies Record<string, CatalogEntry>;

const BAD_PARAMETER = failure(DWS_ERRORS.BAD_PARAMETER);

export const dwsErrors: ServiceErrors<DwsModel> = {
  schema: Type.Object({ error_code: Type.String(), error_msg: Type.String() }, { additionalProperties: false, description: 'DWS error.' }),
  render: (entry: CatalogEntry, override: ErrorOverride) => ({ error_code: override.code ?? entry.code, error_msg: override.message ?? entry.message }),
  internal: DWS_ERRORS.SERVER_FAILURE,
  byStatus: {
    400: DWS_ERRORS.BAD_PARAMETER, 403: DWS_ERRORS.FORBIDDEN, 404: DWS_ERRORS.CLUSTER_NOT_FOUND, 409: DWS_ERRORS.CONFLICT,
    500: DWS_ERRORS.SERVER_FAILURE, 503: DWS_ERRORS.UNAVAILABLE,
  },
  validation: () => BAD_PARAMETER,
  projectMismatch: DWS_ERRORS.FORBIDDEN,
};
