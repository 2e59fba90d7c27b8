/**
 * IAM routes, on the mock's one port: what the SDK core calls to find a project id
 * (`GET /v3/projects?name=<region>`, and its fallback), and token issuing.
 */
import { failure, ok, type RouteTable } from '../../core/service.js';
import { type IamModel } from './model.js';
import { IAM_ERRORS, invalidField } from './errors.js';
import {
  CreateProjectRequest, CreateProjectResponse, DomainListResponse, NoParams, ProjectListQuery, ProjectListResponse,
  RegionListResponse, TokenQuery, TokenRequest, TokenResponse,
} from './schemas.js';
import { bodyParser, obtainToken, selectProjects } from './operations.js';
import { domainResult, origin, projectResult, regionResult, tokenBody } from './views.js';
import { type IamOperation } from './index.js';

const tokenRequest = bodyParser(TokenRequest);
const createProjectRequest = bodyParser(CreateProjectRequest);

/** The query string as received, for a collection's `self` link. */
const search = (query: Record<string, unknown>): string => {
  const pairs = Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]);
  return pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`;
};

export function iamRoutes(routes: RouteTable<IamModel, IamOperation>): void {
  routes.define('iam.listProjects', {
    method: 'GET',
    url: '/v3/projects',
    summary: 'Query project information (KeystoneListProjects): what the SDK core calls for a credential without a project id',
    params: NoParams,
    querystring: ProjectListQuery,
    response: { 200: ProjectListResponse },
  }, ({ model, query, headers }) => {
    const base = origin(headers);
    return ok({
      links: { self: `${base}/v3/projects${search(query)}`, previous: null, next: null },
      projects: selectProjects(model, query).map((p) => projectResult(model, p, base)),
    });
  });

  routes.define('iam.createToken', {
    method: 'POST',
    url: '/v3/auth/tokens',
    summary: 'Obtain a project-scoped token with a password or a token (KeystoneCreateUserTokenByPassword); the token is in X-Subject-Token',
    params: NoParams,
    querystring: TokenQuery,
    response: { 201: TokenResponse },
  }, ({ model, body, now }) => {
    const parsed = tokenRequest(body);
    if (!parsed.ok) return invalidField(parsed.field);
    const outcome = obtainToken(model, parsed.value.auth, now);
    if (outcome.kind === 'refused') return outcome.field === undefined ? failure(outcome.error) : invalidField(outcome.field);
    return ok(tokenBody(model, outcome.token), 201, { 'X-Subject-Token': outcome.token.token });
  });

  routes.define('iam.listRegions', {
    method: 'GET',
    url: '/v3/regions',
    summary: 'Query the region list (KeystoneListRegions): the SDK core\'s fallback when the project lookup does not find one',
    params: NoParams,
    response: { 200: RegionListResponse },
  }, ({ model, headers }) => {
    const base = origin(headers);
    return ok({ links: { self: `${base}/v3/regions`, previous: null, next: null }, regions: model.regions().map((r) => regionResult(r, base)) });
  });

  routes.define('iam.listAuthDomains', {
    method: 'GET',
    url: '/v3/auth/domains',
    summary: 'Query the accounts the credential may access (KeystoneListAuthDomains)',
    params: NoParams,
    response: { 200: DomainListResponse },
  }, ({ model, headers }) => {
    const base = origin(headers);
    return ok({ domains: [domainResult(model, base)], links: { self: `${base}/v3/auth/domains` } });
  });

  routes.define('iam.createProject', {
    method: 'POST',
    url: '/v3/projects',
    summary: 'Create a project (KeystoneCreateProject): the SDK core\'s last fallback; the mock refuses it',
    params: NoParams,
    response: { 201: CreateProjectResponse },
  }, ({ model, body }) => {
    const parsed = createProjectRequest(body);
    if (!parsed.ok) return invalidField(parsed.field);
    const name = parsed.value.project.name;
    if (model.projectByName(name)) return failure(IAM_ERRORS.CONFLICT, { message: `Conflict occurred attempting to store project: a project named ${name} exists.` });
    return failure(IAM_ERRORS.NO_PROJECT_CREATION, { message: `The mock does not create projects: declare a project named ${name} in the scenario (projects[].name).` });
  });
}
