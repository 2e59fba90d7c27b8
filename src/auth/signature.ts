/**
 * SDK-HMAC-SHA256, as Huawei Cloud's API gateway verifies it (docs/behaviour.md §2; the API Request Signing Guide),
 * written with node:crypto. The server rebuilds the canonical request from what it
 * received, using the request's own SignedHeaders list, and compares signatures in
 * constant time.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const ALGORITHM = 'SDK-HMAC-SHA256';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface SignedRequest {
  readonly method: string;
  /** Raw request target: path and query as received (`/v1.0/p/x?limit=1`). */
  readonly url: string;
  /** Header values by lower-case name. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Raw body bytes, if any. */
  readonly body?: Buffer | string;
}

export interface ParsedAuthorization {
  readonly algorithm: string;
  readonly access: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex` (separators: a comma and optional spaces). */
export function parseAuthorization(value: string): ParsedAuthorization | null {
  const m = /^([A-Za-z0-9-]+)\s+(.*)$/.exec(value.trim());
  if (!m) return null;
  const parts = new Map<string, string>();
  for (const piece of m[2].split(/\s*,\s*/)) {
    const eq = piece.indexOf('=');
    if (eq <= 0) return null;
    parts.set(piece.slice(0, eq).trim(), piece.slice(eq + 1).trim());
  }
  const access = parts.get('Access');
  const signed = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!access || !signed || !signature) return null;
  return { algorithm: m[1], access, signedHeaders: signed.split(';').map((h) => h.trim().toLowerCase()).filter(Boolean), signature };
}

/** Percent-encoding of the signers: unreserved A-Z a-z 0-9 - _ . ~ kept, the rest %XX upper case. */
export function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Each path segment decoded, re-encoded; a trailing slash added. */
export function canonicalUri(path: string): string {
  const uri = path.split('/').map((segment) => encode(decode(segment))).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** Parameters sorted by key (then value), each `enc(key)=enc(value)`, joined with `&`. */
export function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs: Array<[string, string]> = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decode((eq < 0 ? part : part.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1).replace(/\+/g, ' '));
    pairs.push([encode(key), encode(value)]);
  }
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

const headerValue = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join(',') : (v ?? '')).trim();

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** The canonical request, from the request's own SignedHeaders list (sorted, lower case). */
export function canonicalRequest(req: SignedRequest, signedHeaders: readonly string[]): string {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  const names = [...signedHeaders].sort();
  const headers = names.map((name) => `${name}:${headerValue(req.headers[name])}\n`).join('');
  const declared = headerValue(req.headers['x-sdk-content-sha256']);
  const payload = declared !== '' ? declared : req.body && req.body.length > 0 ? sha256Hex(req.body) : EMPTY_SHA256;
  return [req.method.toUpperCase(), canonicalUri(path), canonicalQuery(query), headers, names.join(';'), payload].join('\n');
}

export function stringToSign(date: string, canonical: string): string {
  return `${ALGORITHM}\n${date}\n${sha256Hex(canonical)}`;
}

/** The lower-case hex signature: HMAC-SHA256 keyed with the raw SK bytes (no derivation). */
export function sign(sk: string, date: string, canonical: string): string {
  return createHmac('sha256', sk).update(stringToSign(date, canonical)).digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `YYYYMMDDTHHMMSSZ` → ms since the epoch, or NaN. */
export function parseSdkDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? t : Number.NaN;
}

export function formatSdkDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Signs a request (test clients and the README's example): returns the headers to add. */
export function signRequest(req: SignedRequest & { headers: Record<string, string> }, ak: string, sk: string, date: string): Record<string, string> {
  const headers = { ...req.headers, 'x-sdk-date': date };
  const names = Object.keys(headers).map((h) => h.toLowerCase()).sort();
  const canonical = canonicalRequest({ ...req, headers }, names);
  return { 'X-Sdk-Date': date, Authorization: `${ALGORITHM} Access=${ak}, SignedHeaders=${names.join(';')}, Signature=${sign(sk, date, canonical)}` };
}
