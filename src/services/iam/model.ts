/**
 * The IAM model: the account (domain), its users, the scenario's projects as IAM lists them,
 * and the tokens issued while the mock runs. Plain state; time comes in as `now`.
 */
import { randomBytes } from 'node:crypto';
import { tokenId } from '../../auth/authenticator.js';

/** The account's name when the scenario's `auth.domain` gives none. */
export const DEFAULT_DOMAIN = 'hw-mock';

export interface IamTimings {
  /** How long an issued token lives (IAM: 24 hours). */
  readonly tokenLifetimeSeconds: number;
}

export const DEFAULT_TIMINGS: IamTimings = { tokenLifetimeSeconds: 24 * 60 * 60 };

export interface IamDomain {
  readonly id: string;
  readonly name: string;
}

export interface IamUser {
  readonly id: string;
  readonly name: string;
  readonly password: string;
  /** Projects it may get a token for; null: every project. */
  readonly projects: ReadonlySet<string> | null;
}

export interface IamProject {
  readonly id: string;
  readonly name: string;
  readonly region: string;
}

export interface IssuedToken {
  /** The token itself (`X-Subject-Token`): a secret, never shown in state or the journal. */
  readonly token: string;
  /** What the journal shows as the caller. */
  readonly id: string;
  readonly user: IamUser;
  readonly projectId: string;
  readonly methods: readonly string[];
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** IAM's times: `2020-01-04T09:05:22.701000Z` (microseconds, as IAM writes them). */
export const iamTime = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '000Z');

export class IamModel {
  /** The scenario's projects, in scenario order. */
  readonly projects = new Map<string, IamProject>();
  /** Issued tokens by token value. */
  readonly tokens = new Map<string, IssuedToken>();

  constructor(
    readonly domain: IamDomain,
    /** By name. */
    readonly users: ReadonlyMap<string, IamUser>,
    readonly timings: IamTimings,
  ) {}

  /** Adds (or, on a project reset, replaces) a project, forgetting the tokens issued for it. */
  putProject(project: IamProject): void {
    this.projects.set(project.id, project);
    for (const [token, issued] of this.tokens) if (issued.projectId === project.id) this.tokens.delete(token);
  }

  projectByName(name: string): IamProject | undefined {
    for (const p of this.projects.values()) if (p.name === name) return p;
    return undefined;
  }

  /**
   * A project's parent, as IAM shows it: the account for a region's own project (named after
   * the region) and for any project without one; the region's project for `<region>_<suffix>`.
   */
  parentOf(project: IamProject): string {
    if (project.name === project.region || !project.name.startsWith(`${project.region}_`)) return this.domain.id;
    return this.projectByName(project.region)?.id ?? this.domain.id;
  }

  /** The regions of the scenario's projects, once each. */
  regions(): string[] {
    return [...new Set([...this.projects.values()].map((p) => p.region))];
  }

  /** Issues a token for a user in a project, living `tokenLifetimeSeconds` unless `expiresAt` says otherwise. */
  issue(user: IamUser, project: IamProject, methods: readonly string[], now: number, expiresAt = now + this.timings.tokenLifetimeSeconds * 1000): IssuedToken {
    // Real tokens are long PKI blobs starting "MII"; these are random, unguessable and as opaque.
    const token = `MII${randomBytes(48).toString('base64url')}`;
    const issued: IssuedToken = { token, id: tokenId(token), user, projectId: project.id, methods, issuedAt: now, expiresAt };
    this.tokens.set(token, issued);
    return issued;
  }
}
