/** IAM model → wire. Links point back at the mock, at the host the request came to. */
import { type IamModel, type IamProject, type IssuedToken, iamTime } from './model.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** `http://<Host header>`: where the caller reached the mock. */
export function origin(headers: Headers): string {
  const host = headers.host;
  return `http://${(Array.isArray(host) ? host[0] : host) || 'localhost'}`;
}

export function projectResult(model: IamModel, project: IamProject, base: string) {
  return {
    is_domain: false,
    description: '',
    links: { self: `${base}/v3/projects/${project.id}` },
    enabled: true,
    id: project.id,
    parent_id: model.parentOf(project),
    domain_id: model.domain.id,
    name: project.name,
  };
}

export function regionResult(region: string, base: string) {
  // Localized names are the id itself: the mock keeps no table of region names.
  return { description: '', id: region, links: { self: `${base}/v3/regions/${region}` }, locales: { 'zh-cn': region, 'en-us': region }, parent_region_id: null, type: 'public' };
}

export function domainResult(model: IamModel, base: string) {
  return { description: '', enabled: true, id: model.domain.id, links: { self: `${base}/v3/domains/${model.domain.id}` }, name: model.domain.name };
}

/** The token body of the IAM API reference (project scope, no catalog). */
export function tokenBody(model: IamModel, issued: IssuedToken) {
  const domain = { id: model.domain.id, name: model.domain.name };
  const project = model.projects.get(issued.projectId)!;
  return {
    token: {
      catalog: [],
      expires_at: iamTime(issued.expiresAt),
      issued_at: iamTime(issued.issuedAt),
      methods: [...issued.methods],
      project: { domain, id: project.id, name: project.name },
      roles: [{ id: '0', name: 'te_admin' }],
      user: { domain, id: issued.user.id, name: issued.user.name, password_expires_at: '' },
    },
  };
}

/** One issued token in `GET /_mock/state` (never its value). */
export function tokenState(issued: IssuedToken, now: number) {
  return {
    id: issued.id, user: issued.user.name, methods: [...issued.methods], issued_at: iamTime(issued.issuedAt),
    expires_at: iamTime(issued.expiresAt), expired: !(issued.expiresAt > now),
  };
}
