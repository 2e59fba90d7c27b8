/**
 * Error catalog entries, and the API gateway's own family (`APIGW.*`), which any emulated
 * call may meet before it reaches its service: unknown paths, bodies too large, credential
 * failures, throttling, backend timeouts. Each service keeps its own entries in its folder
 * (`errors.ts`) with the same shape and its own family name. Source of the gateway entries:
 * the API Request Signing Guide's "Error Codes" (docs/behaviour.md §1.6).
 */
export interface CatalogEntry {
  /** `gateway`, or the name of the service whose envelope renders it. */
  readonly family: string;
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** A rule's (or a caller's) replacement for an entry's code or message. */
export interface ErrorOverride {
  readonly code?: string;
  readonly message?: string;
}

const gw = (status: number, code: string, message: string): CatalogEntry => ({ family: 'gateway', status, code, message });

export const GATEWAY = {
  API_NOT_FOUND: gw(404, 'APIGW.0101', 'The API does not exist or has not been published in the environment.'),
  METHOD_NOT_FOUND: gw(404, 'APIGW.0101', 'The API does not exist.'),
  BAD_REQUEST: gw(400, 'APIGW.0201', 'API request error.'),
  ENTITY_TOO_LARGE: gw(413, 'APIGW.0201', 'Request entity too large.'),
  URI_TOO_LARGE: gw(414, 'APIGW.0201', 'Request URI too large.'),
  HEADERS_TOO_LARGE: gw(494, 'APIGW.0201', 'Request headers too large.'),
  REQUEST_TIMEOUT: gw(408, 'APIGW.0201', 'Request timeout.'),
  EXPECTATION_FAILED: gw(417, 'APIGW.0201', 'API request error.'),
  BACKEND_UNAVAILABLE: gw(502, 'APIGW.0201', 'Backend unavailable.'),
  BACKEND_TIMEOUT: gw(504, 'APIGW.0201', 'Backend timeout.'),
  IAM_AUTH: gw(401, 'APIGW.0301', 'Incorrect IAM authentication information.'),
  IAM_FORBIDDEN: gw(403, 'APIGW.0302', 'The IAM user is not authorized to access the API.'),
  THROTTLED: gw(429, 'APIGW.0308', 'The throttling threshold has been reached.'),
  INTERNAL: gw(500, 'APIGW.0601', 'Internal server error.'),
  IAM_UNAVAILABLE: gw(503, 'APIGW.0613', 'The IAM service is currently unavailable.'),
} as const satisfies Record<string, CatalogEntry>;

/** Statuses a rule's bare `status` answers in the gateway's format when the service has no entry of its own. */
export const GATEWAY_BY_STATUS: Readonly<Record<number, CatalogEntry>> = {
  401: GATEWAY.IAM_AUTH, 413: GATEWAY.ENTITY_TOO_LARGE, 414: GATEWAY.URI_TOO_LARGE, 429: GATEWAY.THROTTLED,
  502: GATEWAY.BACKEND_UNAVAILABLE, 504: GATEWAY.BACKEND_TIMEOUT,
};

/** The gateway's envelope: `{"error_code","error_msg","request_id"}`. */
export function gatewayBody(entry: CatalogEntry, requestId: string, override: ErrorOverride = {}): Record<string, unknown> {
  return { error_code: override.code ?? entry.code, error_msg: override.message ?? entry.message, request_id: requestId };
}
