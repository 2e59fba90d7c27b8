/**
 * The one error catalog of the server: every error the mock can answer, with its
 * HTTP status, its code, its message and, for DCS, the legacy numeric code used by
 * the v1.0 envelope. Sources: huawei-facts.md B.10 (DCS), C.6/C.7 (DWS), D.2/D.3
 * (API gateway). Legacy codes marked `derived` are not published; they follow the
 * published pattern `111` + HTTP status + the last three digits of the DCS code.
 */
export type ErrorFamily = 'gateway' | 'dcs' | 'dws';

export interface CatalogEntry {
  readonly family: ErrorFamily;
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** DCS only: numeric code of the legacy `{"error":{"code","message"}}` envelope. */
  readonly legacy?: string;
}

const gw = (status: number, code: string, message: string): CatalogEntry => ({ family: 'gateway', status, code, message });
const dcs = (status: number, code: string, legacy: string, message: string): CatalogEntry => ({ family: 'dcs', status, code, legacy, message });
const dws = (status: number, code: string, message: string): CatalogEntry => ({ family: 'dws', status, code, message });

export const ERRORS = {
  // API gateway (Part D)
  GW_API_NOT_FOUND: gw(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.'),
  GW_METHOD_NOT_FOUND: gw(404, 'APIGW.0101', 'The API does not exist.'),
  GW_BAD_REQUEST: gw(400, 'APIGW.0201', 'API request error.'),
  GW_ENTITY_TOO_LARGE: gw(413, 'APIGW.0201', 'Request entity too large.'),
  GW_URI_TOO_LARGE: gw(414, 'APIGW.0201', 'Request URI too large.'),
  GW_BACKEND_UNAVAILABLE: gw(502, 'APIGW.0201', 'Backend unavailable.'),
  GW_BACKEND_TIMEOUT: gw(504, 'APIGW.0201', 'Backend timeout.'),
  GW_IAM_AUTH: gw(401, 'APIGW.0301', 'Incorrect IAM authentication information.'),
  GW_IAM_FORBIDDEN: gw(403, 'APIGW.0302', 'The IAM user is not authorized to access the API.'),
  GW_THROTTLED: gw(429, 'APIGW.0308', 'The throttling threshold has been reached.'),
  GW_INTERNAL: gw(500, 'APIGW.0601', 'Internal server error.'),
  GW_IAM_UNAVAILABLE: gw(503, 'APIGW.0613', 'The IAM service is currently unavailable.'),

  // DCS (B.10)
  DCS_PROJECT_ID_INVALID: dcs(400, 'DCS.4002', '111400002', 'Invalid project ID format.'),
  DCS_INSTANCE_ID_INVALID: dcs(400, 'DCS.4061', '111400061', 'Invalid instance ID format.'),
  DCS_PARAMETER_INVALID: dcs(400, 'DCS.4063', '111400063', 'Invalid {0} parameter in the request.'),
  DCS_JOB_RUNNING: dcs(400, 'DCS.4017', '111400017', 'This DCS instance job task is still running.'),
  DCS_STATE_NOT_ALLOWED: dcs(400, 'DCS.4026', '111400026', 'This operation is not allowed when the DCS instance is in the current state.'),
  DCS_NOT_RUNNING: dcs(400, 'DCS.4049', '111400049' /* derived */, 'The instance status is not running.'),
  DCS_SWAP_NOT_SUPPORTED: dcs(400, 'DCS.4855', '111400855' /* derived */, 'Master standby swap is not supported.'),
  DCS_BACKING_UP: dcs(400, 'DCS.4096', '111400096', 'the instance is backuping.'),
  DCS_RESTORING: dcs(400, 'DCS.4097', '111400097', 'the instance is restoring.'),
  DCS_RECOVERING: dcs(400, 'DCS.4104', '111400104', 'The DCS instance is recovering from an internal fault. Please try again later or contact customer service.'),
  DCS_RESTARTING: dcs(400, 'DCS.4111', '111400111', 'the instance is restarting.'),
  DCS_EXTENDING: dcs(400, 'DCS.4113', '111400113', 'the instance is extending.'),
  DCS_CONFIGURING: dcs(400, 'DCS.4114', '111400114', 'the instance is configuring.'),
  DCS_CHANGING_PASSWORD: dcs(400, 'DCS.4115', '111400115', 'the instance is changing the password.'),
  DCS_UPGRADING: dcs(400, 'DCS.4116', '111400116', 'the instance is upgrading.'),
  DCS_ROLLING_BACK: dcs(400, 'DCS.4117', '111400117', 'the instance is rollbacking the version.'),
  DCS_CREATING: dcs(400, 'DCS.4118', '111400118', 'the instance is creating.'),
  DCS_FREEZING: dcs(400, 'DCS.4120', '111400120', 'the instance is Freezing.'),
  DCS_TOKEN_INVALID: dcs(401, 'DCS.1001', '111401001', 'Invalid token.'),
  DCS_TOKEN_EXPIRED: dcs(401, 'DCS.1002', '111401002', 'Token expired.'),
  DCS_TOKEN_MISSING: dcs(401, 'DCS.1003', '111401003', 'No token in the request.'),
  DCS_PROJECT_MISMATCH: dcs(401, 'DCS.1004', '111401004', 'Project ID does not match the token.'),
  DCS_READ_ONLY_TENANT: dcs(403, 'DCS.3002', '111403002', 'This tenant has read permission only and cannot perform this operation.'),
  DCS_ROLE_DENIED: dcs(403, 'DCS.3003', '111403003', 'This role does not have the permission to perform this operation.'),
  DCS_URL_NOT_FOUND: dcs(404, 'DCS.4001', '111404001', 'The requested URL does not exist.'),
  DCS_INSTANCE_NOT_FOUND: dcs(404, 'DCS.3022', '111404022', 'This DCS instance does not exist.'),
  DCS_METHOD_NOT_ALLOWED: dcs(405, 'DCS.5001', '111405001', 'This request method is not allowed.'),
  DCS_INTERNAL: dcs(500, 'DCS.5000', '111500000', 'Internal service error.'),
  DCS_SWAP_FAILED: dcs(500, 'DCS.5094', '111500094' /* derived */, 'Master standby swap failed.'),
  DCS_QUERY_FAILED: dcs(500, 'DCS.5024', '111500024' /* derived */, 'Query instance failed.'),
  DCS_NODE_NOT_FOUND: dcs(500, 'DCS.5053', '111500053' /* derived */, 'Instance node not found.'),

  // DWS (C.6, C.7; CONTRACT §3)
  DWS_BAD_PARAMETER: dws(400, 'DWS.0001', 'Incorrect parameter.'),
  DWS_EMPTY_REQUEST: dws(400, 'DWS.0006', 'The request is empty. Enter a request parameter.'),
  DWS_VERSION_UNSUPPORTED: dws(400, 'DWS.5206', 'Databases of this version do not support the function.'),
  DWS_INVALID_UUID: dws(400, 'DWS.5064', 'Invalid UUID.'),
  DWS_FORBIDDEN: dws(403, 'DWS.0015', 'Resource not found or permission denied.'),
  DWS_RESTRICTED: dws(403, 'DWS.0020', 'Restricted account.'),
  DWS_STATUS_NOT_ALLOWED: dws(403, 'DWS.7023', 'Cluster status is not allowed to operation.'),
  DWS_CLUSTER_NOT_FOUND: dws(404, 'DWS.0047', 'The cluster does not exist.'),
  DWS_CONFLICT: dws(409, 'DWS.0011', 'This operation cannot be performed because another operation is being performed on the instance or the instance is faulty. Please try again later.'),
  DWS_SERVER_FAILURE: dws(500, 'DWS.0005', 'Server failure.'),
  DWS_UNAVAILABLE: dws(503, 'DWS.0503', 'Service unavailable.'),
} as const satisfies Record<string, CatalogEntry>;

export type ErrorKey = keyof typeof ERRORS;

/** The busy code a DCS instance answers with when a swap meets it in this status (CONTRACT §2). */
const DCS_BUSY_BY_STATUS: Readonly<Record<string, ErrorKey>> = {
  RESTARTING: 'DCS_RESTARTING',
  EXTENDING: 'DCS_EXTENDING',
  RESTORING: 'DCS_RESTORING',
  CREATING: 'DCS_CREATING',
  FROZEN: 'DCS_FREEZING',
  UPGRADING: 'DCS_UPGRADING',
  ROLLBACKING: 'DCS_ROLLING_BACK',
};

export function dcsBusyError(status: string): ErrorKey {
  return DCS_BUSY_BY_STATUS[status] ?? 'DCS_NOT_RUNNING';
}


/**
 * The entry a rule's bare `status` answers with, in the API's own format: the family's
 * entry for that status, else the gateway's (401, 429, 502, 504), else the family's
 * generic client or server error with the rule's status.
 */
export function entryForStatus(family: 'dcs' | 'dws', status: number): CatalogEntry {
  const byStatus: Record<'dcs' | 'dws', Record<number, CatalogEntry>> = {
    dcs: {
      400: ERRORS.DCS_STATE_NOT_ALLOWED, 403: ERRORS.DCS_ROLE_DENIED, 404: ERRORS.DCS_INSTANCE_NOT_FOUND,
      405: ERRORS.DCS_METHOD_NOT_ALLOWED, 500: ERRORS.DCS_INTERNAL,
    },
    dws: {
      400: ERRORS.DWS_BAD_PARAMETER, 403: ERRORS.DWS_FORBIDDEN, 404: ERRORS.DWS_CLUSTER_NOT_FOUND, 409: ERRORS.DWS_CONFLICT,
      500: ERRORS.DWS_SERVER_FAILURE, 503: ERRORS.DWS_UNAVAILABLE,
    },
  };
  const gateway: Record<number, CatalogEntry> = {
    401: ERRORS.GW_IAM_AUTH, 413: ERRORS.GW_ENTITY_TOO_LARGE, 414: ERRORS.GW_URI_TOO_LARGE, 429: ERRORS.GW_THROTTLED,
    502: ERRORS.GW_BACKEND_UNAVAILABLE, 504: ERRORS.GW_BACKEND_TIMEOUT,
  };
  return byStatus[family][status] ?? gateway[status] ?? (status < 500 ? byStatus[family][400] : byStatus[family][500]);
}
