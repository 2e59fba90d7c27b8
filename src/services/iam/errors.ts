/**
 * The IAM error family: Keystone's envelope `{"error":{"code":<HTTP status>,"message","title"}}`,
 * which IAM's `/v3` (Keystone) API answers with. An entry's `code` is the title (a rule's
 * `error_code` replaces it); the body's numeric `code` is the status actually answered. No IAM
 * page shows these bodies: shape from Keystone (the mock's choice); messages are Keystone's
 * where it has one, else the mock's (docs/behaviour.md §5).
 */
import { Type } from '@sinclair/typebox';
import { type CatalogEntry, type ErrorOverride } from '../../core/errors.js';
import { failure, type ErrorContext, type ServiceErrors } from '../../core/service.js';
import { Closed } from '../../core/schemas.js';
import { type IamModel } from './model.js';

const iam = (status: number, title: string, message: string): CatalogEntry => ({ family: 'iam', status, code: title, message });

export const IAM_ERRORS = {
  BAD_REQUEST: iam(400, 'Bad Request', 'The request body is invalid.'),
  PROJECT_SCOPE_REQUIRED: iam(400, 'Bad Request', 'A project scope is required: auth.scope.project with an id or a name.'),
  UNAUTHORIZED: iam(401, 'Unauthorized', 'The request you have made requires authentication.'),
  WRONG_PASSWORD: iam(401, 'Unauthorized', 'The username or password is wrong.'),
  UNSUPPORTED_METHOD: iam(401, 'Unauthorized', 'Attempted to authenticate with an unsupported method.'),
  TOKEN_INVALID: iam(401, 'Unauthorized', 'The token is invalid.'),
  TOKEN_EXPIRED: iam(401, 'Unauthorized', 'The token has expired.'),
  NO_PROJECT_ACCESS: iam(401, 'Unauthorized', 'The user has no access to the project in auth.scope.project.'),
  FORBIDDEN: iam(403, 'Forbidden', 'You are not authorized to perform the requested action.'),
  NO_PROJECT_CREATION: iam(403, 'Forbidden', 'The mock does not create projects: declare the project in the scenario (projects[].name).'),
  NOT_FOUND: iam(404, 'Not Found', 'The resource could not be found.'),
  CONFLICT: iam(409, 'Conflict', 'Conflict occurred attempting to store project: a project with this name exists.'),
  INTERNAL: iam(500, 'Internal Server Error', 'An unexpected error prevented the server from fulfilling your request.'),
  UNAVAILABLE: iam(503, 'Service Unavailable', 'The service is unavailable.'),
} as const satisfies Record<string, CatalogEntry>;

/** `Invalid input for field 'auth.identity.methods'.`, the 400 of a request part that does not fit. */
export const invalidField = (field: string) =>
  failure(IAM_ERRORS.BAD_REQUEST, field === '' ? undefined : { message: `Invalid input for field '${field}'.` });

export const KeystoneError = Closed(
  { error: Closed({ code: Type.Integer(), message: Type.String(), title: Type.String() }) },
  { description: 'IAM (Keystone) error.' },
);

export const iamErrors: ServiceErrors<IamModel> = {
  schema: KeystoneError,
  render: (entry: CatalogEntry, override: ErrorOverride, context: ErrorContext<IamModel>) => ({
    error: { code: context.status, message: override.message ?? entry.message, title: override.code ?? entry.code },
  }),
  internal: IAM_ERRORS.INTERNAL,
  byStatus: {
    400: IAM_ERRORS.BAD_REQUEST, 401: IAM_ERRORS.UNAUTHORIZED, 403: IAM_ERRORS.FORBIDDEN, 404: IAM_ERRORS.NOT_FOUND,
    409: IAM_ERRORS.CONFLICT, 500: IAM_ERRORS.INTERNAL, 503: IAM_ERRORS.UNAVAILABLE,
  },
  validation: (_part, field) => invalidField(field),
  // No IAM route has a project in its path: never used, but a 403 if it were.
  projectMismatch: IAM_ERRORS.FORBIDDEN,
};
