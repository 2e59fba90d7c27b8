/**
 * `GET /_mock/ui`: the dashboard (src/ui/, built by build.mjs into dist/ui/), served by the mock
 * itself, offline. The page and its files need no admin token (the page asks for it and sends it
 * on every admin call); every answer forbids inline scripts and styles, and loading anything
 * from elsewhere (Content-Security-Policy). Files are read once, on first request, and kept.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface UiFile {
  readonly type: string;
  readonly body: Buffer;
}

/**
 * Where the built page is: next to the bundle that runs (dist/ui, for the CLI and the library),
 * or the project's dist/ui when running from the sources (tests).
 */
function uiDirectory(): string | undefined {
  for (const candidate of ['./ui/', '../../dist/ui/']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${dir}index.html`)) return dir;
  }
  return undefined;
}

/** The page's files by name, the page with its placeholders filled in; undefined: not built. */
export function loadUi(base: string, admin: string): ReadonlyMap<string, UiFile> | undefined {
  const dir = uiDirectory();
  if (dir === undefined) return undefined;
  const files = new Map<string, UiFile>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type === undefined) continue;
    let body = readFileSync(`${dir}${name}`);
    if (name === 'index.html') body = Buffer.from(body.toString('utf8').replaceAll('%BASE%', base).replaceAll('%ADMIN%', admin));
    files.set(name, { type, body });
  }
  return files;
}
