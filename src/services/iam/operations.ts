/**
 * What the IAM routes do with the model: the project lookup, and obtaining a token with a
 * password or with a token (IAM API reference, Token Management). No HTTP here: outcomes
 * are returned, the routes turn them into answers.
 */
import { type Static, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { pointerToPath } from '../../scenario/issues.js';
import { type CatalogEntry } from '../../core/errors.js';
import { type IamModel, type IamProject, type IamUser, type IssuedToken } from './model.js';
import { IAM_ERRORS } from './errors.js';
import { type ProjectListQuery, type TokenRequest } from './schemas.js';

/** A JSON body that fits its schema, or the field that does not ('' : no body, or not JSON). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly field: string };

/** Parses a raw body as JSON and checks it (the gateway hands bodies over as bytes). */
export function bodyParser<S extends TSchema>(schema: S): (raw: Buffer | undefined) => Parsed<Static<S>> {
  const check: TypeCheck<S> = TypeCompiler.Compile(schema);
  return (raw) => {
    if (!raw || raw.length === 0) return { ok: false, field: '' };
    let value: unknown;
    try {
      value = JSON.parse(raw.toString('utf8'));
    } catch {
      return { ok: false, field: '' };
    }
    if (check.Check(value)) return { ok: true, value };
    return { ok: false, field: pointerToPath(check.Errors(value).First()?.path ?? '') };
  };
}

/** The projects a `GET /v3/projects` query selects, in scenario order. */
export function selectProjects(model: IamModel, query: Static<typeof ProjectListQuery>): IamProject[] {
  // Every project is enabled and none is a domain.
  if (query.enabled === false || query.is_domain === true) return [];
  if (query.domain_id !== undefined && query.domain_id !== model.domain.id) return [];
  const selected = [...model.projects.values()].filter((p) =>
    (query.name === undefined || p.name === query.name) && (query.parent_id === undefined || model.parentOf(p) === query.parent_id));
  if (query.page === undefined && query.per_page === undefined) return selected;
  const size = query.per_page ?? 5000;
  const start = ((query.page ?? 1) - 1) * size;
  return selected.slice(start, start + size);
}

export type TokenOutcome =
  | { readonly kind: 'issued'; readonly token: IssuedToken }
  | { readonly kind: 'refused'; readonly error: CatalogEntry; readonly field?: string };

const refused = (error: CatalogEntry, field?: string): TokenOutcome => (field === undefined ? { kind: 'refused', error } : { kind: 'refused', error, field });

type Auth = Static<typeof TokenRequest>['auth'];
type DomainRef = { readonly id?: string; readonly name?: string };

/** A domain reference names the account (by id or by name). */
const isAccount = (model: IamModel, ref: DomainRef): boolean =>
  (ref.id !== undefined || ref.name !== undefined) && (ref.id === undefined || ref.id === model.domain.id) && (ref.name === undefined || ref.name === model.domain.name);

/**
 * `POST /v3/auth/tokens`, in this order: the identity method, the identity (a user and its
 * password, or a token the mock issued and its expiry), the project scope, then a new token.
 * A token obtained with a token keeps the expiry of the one it came from (as Keystone does).
 */
export function obtainToken(model: IamModel, auth: Auth, now: number): TokenOutcome {
  const methods = auth.identity.methods;
  if (methods.length !== 1 || (methods[0] !== 'password' && methods[0] !== 'token')) return refused(IAM_ERRORS.UNSUPPORTED_METHOD);
  const method = methods[0];

  let user: IamUser;
  let expiresAt: number | undefined;
  if (method === 'password') {
    const given = auth.identity.password;
    if (!given) return refused(IAM_ERRORS.BAD_REQUEST, 'auth.identity.password');
    const found = model.users.get(given.user.name);
    // One answer for an unknown account, an unknown user and a wrong password: nothing to probe.
    if (!found || !isAccount(model, given.user.domain) || found.password !== given.user.password) return refused(IAM_ERRORS.WRONG_PASSWORD);
    user = found;
  } else {
    const given = auth.identity.token;
    if (!given) return refused(IAM_ERRORS.BAD_REQUEST, 'auth.identity.token');
    const issued = model.tokens.get(given.id);
    if (!issued) return refused(IAM_ERRORS.TOKEN_INVALID);
    if (!(issued.expiresAt > now)) return refused(IAM_ERRORS.TOKEN_EXPIRED);
    user = issued.user;
    expiresAt = issued.expiresAt;
  }

  const scope = auth.scope?.project;
  if (!scope || (scope.id === undefined && scope.name === undefined)) return refused(IAM_ERRORS.PROJECT_SCOPE_REQUIRED);
  const project = scope.id !== undefined ? model.projects.get(scope.id) : model.projectByName(scope.name!);
  const fits = project !== undefined
    && (scope.name === undefined || scope.name === project.name)
    && (scope.domain === undefined || isAccount(model, scope.domain))
    && (user.projects === null || user.projects.has(project.id));
  if (!fits) return refused(IAM_ERRORS.NO_PROJECT_ACCESS);
  return { kind: 'issued', token: model.issue(user, project, [method], now, expiresAt) };
}
