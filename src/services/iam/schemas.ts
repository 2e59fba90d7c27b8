/**
 * Wire shapes of the IAM routes. Responses: the IAM service models of the official SDK
 * (`services/iam/v3/model` of huaweicloud-sdk-nodejs-v3; docs/behaviour.md §5) and
 * the IAM API reference's token body. Requests: open objects (keys the mock does not read pass).
 */
import { Type } from '@sinclair/typebox';
import { Closed, Nullable } from '../../core/schemas.js';

const S = Type.String();
const B = Type.Boolean();

/** No path parameters. */
export const NoParams = Type.Object({});

/** A resource's link to itself. */
const SelfLink = Closed({ self: S });
/** A collection's links: itself, and the pages around it (null: none). */
const CollectionLinks = Closed({ self: S, previous: Nullable(S), next: Nullable(S) });

// ── GET /v3/projects (KeystoneListProjects) ──
export const ProjectListQuery = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 64, description: 'Project name: a region id (`cn-north-4`) or `<region>_<suffix>`.' })),
  domain_id: Type.Optional(Type.String({ maxLength: 64 })),
  parent_id: Type.Optional(Type.String({ maxLength: 64 })),
  enabled: Type.Optional(B),
  is_domain: Type.Optional(B),
  page: Type.Optional(Type.Integer({ minimum: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
});

export const ProjectResult = Closed({ is_domain: B, description: S, links: SelfLink, enabled: B, id: S, parent_id: S, domain_id: S, name: S });
export const ProjectListResponse = Closed({ links: CollectionLinks, projects: Type.Array(ProjectResult) });

// ── POST /v3/projects (KeystoneCreateProject: the SDK's fallback; always refused) ──
export const CreateProjectRequest = Type.Object({
  project: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 64 }),
    domain_id: Type.Optional(S),
    parent_id: Type.Optional(S),
    description: Type.Optional(S),
  }),
});
export const CreateProjectResponse = Closed({ project: ProjectResult }, { description: 'Never answered: the mock does not create projects.' });

// ── GET /v3/regions (KeystoneListRegions), GET /v3/auth/domains (KeystoneListAuthDomains) ──
export const RegionResult = Closed({
  description: S, id: S, links: SelfLink, locales: Closed({ 'zh-cn': S, 'en-us': S }), parent_region_id: Nullable(S), type: S,
});
export const RegionListResponse = Closed({ links: CollectionLinks, regions: Type.Array(RegionResult) });
export const DomainResult = Closed({ description: S, enabled: B, id: S, links: SelfLink, name: S });
export const DomainListResponse = Closed({ domains: Type.Array(DomainResult), links: SelfLink });

// ── POST /v3/auth/tokens (KeystoneCreateUserTokenByPassword, and the token method) ──
export const TokenQuery = Type.Object({
  nocatalog: Type.Optional(Type.String({ maxLength: 64, description: 'Any value: no catalog in the body (the mock never sends one).' })),
});

const DomainRef = Type.Object({ id: Type.Optional(S), name: Type.Optional(S) });
export const TokenRequest = Type.Object({
  auth: Type.Object({
    identity: Type.Object({
      methods: Type.Array(S, { minItems: 1, maxItems: 4 }),
      password: Type.Optional(Type.Object({
        user: Type.Object({ name: Type.String({ minLength: 1 }), password: S, domain: DomainRef }),
      })),
      token: Type.Optional(Type.Object({ id: Type.String({ minLength: 1 }) })),
    }),
    scope: Type.Optional(Type.Object({
      project: Type.Optional(Type.Object({ id: Type.Optional(S), name: Type.Optional(S), domain: Type.Optional(DomainRef) })),
      domain: Type.Optional(DomainRef),
    })),
  }),
});

const IdName = Closed({ id: S, name: S });
const CatalogEntry = Closed({
  endpoints: Type.Array(Closed({ id: S, interface: S, region: S, region_id: S, url: S })), id: S, name: S, type: S,
});
export const TokenResponse = Closed({
  token: Closed({
    catalog: Type.Array(CatalogEntry),
    expires_at: S,
    issued_at: S,
    methods: Type.Array(S),
    project: Closed({ domain: IdName, id: S, name: S }),
    roles: Type.Array(IdName),
    user: Closed({ domain: IdName, id: S, name: S, password_expires_at: S }),
  }),
}, { description: 'The token itself is in the X-Subject-Token header.' });
