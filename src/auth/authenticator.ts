/**
 * The API gateway's credential checks (docs/behaviour.md, Authentication): AK/SK signatures and tokens,
 * three modes, tenancy (the path's project against the credential and X-Project-Id),
 * and actions denied to a credential. Pure logic over a request-like object; the
 * HTTP pipeline maps the outcome to the wire.
 *
 * Temporary AK/SKs (a credential with a `security_token`) must come with that token in
 * `X-Security-Token`, as the SDKs send it, until their `expires_at`. Tokens the scenario does
 * not declare are looked up in the services that issue tokens at run time (`issued`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type TokenGrant } from '../core/service.js';
import {
  ALGORITHM, canonicalRequest, parseAuthorization, parseSdkDate, sameSignature, sign, type SignedRequest,
} from './signature.js';

export const AUTH_MODES = ['off', 'lenient', 'strict'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** The signature window of the gateway. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** More than this many consecutive AK/SK failures lock the AK ... */
export const LOCK_AFTER_FAILURES = 5;
/** ... for this long. */
export const LOCK_MS = 5 * 60 * 1000;

export interface CredentialSpec {
  readonly ak: string;
  readonly sk: string;
  readonly name?: string;
  /** Projects this AK may act in; `*` for all (default). */
  readonly projects?: readonly string[];
  readonly deny?: readonly string[];
  /** A temporary AK/SK: requests must carry this in `X-Security-Token` ... */
  readonly security_token?: string;
  /** ... until this time (ISO 8601; with `security_token`). */
  readonly expires_at?: string;
}

export interface TokenSpec {
  readonly token: string;
  /** What the journal and logs show instead of the token itself. */
  readonly id?: string;
  /** The project the token is scoped to; `*` for any. */
  readonly project: string;
  readonly expires_at: string;
  readonly deny?: readonly string[];
}

/**
 * Well-known development credentials, built in unless the scenario says `builtin: false`
 * (as Azurite ships its well-known account). Never use them anywhere real.
 */
export const DEV_CREDENTIAL: CredentialSpec = {
  ak: 'HWMOCKDEVACCESSKEY00',
  sk: 'hwMockDevSecretKey0000000000000000000000',
  name: 'built-in development credential',
};
export const DEV_TOKEN: TokenSpec = {
  token: 'MIIDevToken.hw-mock.development-only',
  id: 'dev-token',
  project: '*',
  expires_at: '2099-12-31T23:59:59.000Z',
};

const PREFIX = 'Incorrect IAM authentication information: ';

export type AuthOutcome =
  | { readonly ok: true; readonly caller: string | null }
  /** 401 APIGW.0301 with this message. */
  | { readonly ok: false; readonly kind: 'unauthenticated'; readonly message: string; readonly caller: string | null }
  /** The path's project is not the credential's: each service answers this in its own way. */
  | { readonly ok: false; readonly kind: 'project-mismatch'; readonly caller: string | null }
  /** 403 APIGW.0302. */
  | { readonly ok: false; readonly kind: 'denied'; readonly caller: string | null };

interface Credential {
  readonly spec: CredentialSpec;
  readonly projects: ReadonlySet<string> | null;
  readonly deny: ReadonlySet<string>;
  /** Temporary AK/SK: its security token and expiry; null for a permanent one. */
  readonly temporary: { readonly token: string; readonly expiresAt: number; readonly expiresText: string } | null;
}

interface Token {
  readonly id: string;
  readonly project: string;
  readonly expiresAt: number;
  readonly expiresText: string;
  readonly deny: ReadonlySet<string>;
}

export interface AuthContext {
  /** IAM action of the operation called (`<service>:<resource>:<verb>`). */
  readonly iamAction: string;
  /** The project in the request path. */
  readonly project: string | undefined;
  readonly now: number;
}

/** A token's id for logs when the scenario gives none: never the token itself. */
export const tokenId = (token: string): string => `token-${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;

/** Finds a token issued at run time (by a service), given one the scenario does not declare. */
export type IssuedTokens = (token: string) => TokenGrant | undefined;

export class Authenticator {
  readonly #credentials = new Map<string, Credential>();
  readonly #tokens = new Map<string, Token>();
  readonly #failures = new Map<string, { count: number; lockedUntil: number }>();
  readonly #issued: IssuedTokens | undefined;

  constructor(readonly mode: AuthMode, credentials: readonly CredentialSpec[], tokens: readonly TokenSpec[], issued?: IssuedTokens) {
    for (const c of credentials) {
      const projects = !c.projects || c.projects.includes('*') ? null : new Set(c.projects);
      const temporary = c.security_token === undefined ? null : {
        token: c.security_token,
        expiresAt: c.expires_at === undefined ? Number.POSITIVE_INFINITY : Date.parse(c.expires_at),
        expiresText: c.expires_at ?? '',
      };
      this.#credentials.set(c.ak, { spec: c, projects, deny: new Set(c.deny ?? []), temporary });
    }
    for (const t of tokens) {
      this.#tokens.set(t.token, { id: t.id ?? tokenId(t.token), project: t.project, expiresAt: Date.parse(t.expires_at), expiresText: t.expires_at, deny: new Set(t.deny ?? []) });
    }
    this.#issued = issued;
  }

  /** A declared token, else one a service issued (its deny list made a set on each call: issued tokens are few). */
  #token(token: string): Token | undefined {
    const declared = this.#tokens.get(token);
    if (declared || !this.#issued) return declared;
    const grant = this.#issued(token);
    return grant && { id: grant.id, project: grant.project, expiresAt: grant.expiresAt, expiresText: grant.expiresText, deny: grant.deny ? new Set(grant.deny) : EMPTY };
  }

  /** Whether this request needs looking at at all (the fast path skips it). */
  concerns(headers: SignedRequest['headers']): boolean {
    if (this.mode === 'off') return false;
    return this.mode === 'strict' || headers.authorization !== undefined || headers['x-auth-token'] !== undefined || headers['x-project-id'] !== undefined;
  }

  check(req: SignedRequest, ctx: AuthContext): AuthOutcome {
    if (this.mode === 'off') return { ok: true, caller: null };
    const authorization = single(req.headers.authorization);
    const token = single(req.headers['x-auth-token']);
    let caller: string | null = null;
    let allowed: (project: string) => boolean = () => true;
    let deny: ReadonlySet<string> = EMPTY;

    if (authorization !== undefined) {
      const result = this.#checkSignature(req, authorization, ctx.now);
      if (!result.ok) return result;
      caller = result.credential.spec.ak;
      const projects = result.credential.projects;
      allowed = (p) => projects === null || projects.has(p);
      deny = result.credential.deny;
    } else if (token !== undefined) {
      const t = this.#token(token);
      if (!t) return fail(`${PREFIX}decrypt token fail`, null);
      caller = t.id;
      if (!(t.expiresAt > ctx.now)) return fail(`${PREFIX}token expires, expires_at: ${t.expiresText}`, caller);
      allowed = (p) => t.project === '*' || t.project === p;
      deny = t.deny;
    } else if (this.mode === 'strict') {
      return fail(`${PREFIX}x-auth-token not found`, null);
    }

    const project = ctx.project;
    const declared = single(req.headers['x-project-id']);
    if (project !== undefined && ((declared !== undefined && declared !== project) || !allowed(project))) {
      return { ok: false, kind: 'project-mismatch', caller };
    }
    if (deny.has(ctx.iamAction)) return { ok: false, kind: 'denied', caller };
    return { ok: true, caller };
  }

  #checkSignature(req: SignedRequest, authorization: string, now: number): { ok: true; credential: Credential } | AuthOutcome & { ok: false } {
    const parsed = parseAuthorization(authorization);
    if (!parsed) return fail(`${PREFIX}verify aksk signature fail, the Authorization header is malformed`, null);
    if (parsed.algorithm !== ALGORITHM) return fail(`${PREFIX}verify aksk signature fail, unsupported algorithm ${parsed.algorithm}`, null);
    const credential = this.#credentials.get(parsed.access);
    if (!credential) return fail(`${PREFIX}Get secretKey failed,ak:${parsed.access},err:ak not exist`, parsed.access);
    const lock = this.#failures.get(parsed.access);
    if (lock && lock.lockedUntil > now) return fail(`${PREFIX}AK access failed to reach the limit,forbidden.`, parsed.access);
    const refused = securityTokenRefusal(credential, single(req.headers['x-security-token']), now);
    if (refused) return fail(`${PREFIX}${refused}`, parsed.access);
    const dateText = single(req.headers['x-sdk-date']);
    const date = dateText === undefined ? Number.NaN : parseSdkDate(dateText);
    if (Number.isNaN(date) || !parsed.signedHeaders.includes('x-sdk-date')) {
      return this.#failed(parsed.access, now, `${PREFIX}verify aksk signature fail, x-sdk-date is missing, malformed or not signed`);
    }
    if (Math.abs(now - date) > MAX_SKEW_MS) return this.#failed(parsed.access, now, `${PREFIX}calc ak sk signature fail:signature expired`);
    const expected = sign(credential.spec.sk, dateText!, canonicalRequest(req, parsed.signedHeaders));
    if (!sameSignature(expected, parsed.signature)) return this.#failed(parsed.access, now, `${PREFIX}verify aksk signature fail, the signature does not match`);
    this.#failures.delete(parsed.access);
    return { ok: true, credential };
  }

  #failed(ak: string, now: number, message: string): AuthOutcome & { ok: false } {
    const entry = this.#failures.get(ak) ?? { count: 0, lockedUntil: 0 };
    entry.count++;
    if (entry.count > LOCK_AFTER_FAILURES) {
      entry.lockedUntil = now + LOCK_MS;
      entry.count = 0;
    }
    this.#failures.set(ak, entry);
    return fail(message, ak);
  }
}

/**
 * Why the request's `X-Security-Token` does not go with its AK, or undefined when it does. A
 * temporary AK needs its token (whether `X-Security-Token` is signed is not checked: the signing
 * guide makes only `X-Sdk-Date` mandatory, though the SDKs sign it); a permanent AK takes none.
 * Not counted towards the AK lock. The messages are the mock's, in the style of the gateway's.
 */
function securityTokenRefusal(credential: Credential, given: string | undefined, now: number): string | undefined {
  const temporary = credential.temporary;
  if (temporary === null) return given === undefined ? undefined : 'verify security token fail, the access key is not a temporary one';
  if (given === undefined) return 'x-security-token not found';
  if (!sameText(given, temporary.token)) return 'verify security token fail';
  if (!(temporary.expiresAt > now)) return `security token expires, expires_at: ${temporary.expiresText}`;
  return undefined;
}

/** Constant-time comparison of two secrets (their lengths may differ). */
function sameText(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

const EMPTY: ReadonlySet<string> = new Set();
const single = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
const fail = (message: string, caller: string | null) => ({ ok: false as const, kind: 'unauthenticated' as const, message, caller });
