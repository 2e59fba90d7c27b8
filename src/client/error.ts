/** What the admin API's refusals become on the client side. */
import type { Issue } from '../admin/schemas.js';

/**
 * A refusal of the admin API (`{"error":{"code","message","issues"?}}`): `status` is the HTTP
 * status, `code` the mock's (`MOCK.INVALID`, `MOCK.UNAUTHORIZED`, `MOCK.NOT_FOUND`,
 * `MOCK.REAL_CLOCK`, …), `issues` every problem with its path (empty when the answer gave none).
 * `message` is the mock's message followed by the issues, so a failing test shows them.
 * An answer that is not the admin API's (a proxy's page, say) has code `MOCK.UNEXPECTED_ANSWER`.
 */
export class MockAdminError extends Error {
  override readonly name = 'MockAdminError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly Issue[] = [],
  ) {
    super(issues.length === 0 ? message : `${message}\n${issues.map((i) => `  ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n')}`);
  }

  /** The error an answer with status `status` and body `text` stands for; `what` names the call (`POST /_mock/rules`). */
  static fromAnswer(status: number, text: string, what: string): MockAdminError {
    const error = adminError(text);
    if (error) return new MockAdminError(status, error.code, error.message, error.issues ?? []);
    return new MockAdminError(status, 'MOCK.UNEXPECTED_ANSWER', `${what}: HTTP ${status}, not an answer of the mock's admin API: ${JSON.stringify(text.slice(0, 200))}`);
  }
}

/** The `error` object of an admin API refusal, if `text` is one. */
function adminError(text: string): { code: string; message: string; issues?: Issue[] } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const error = (body as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown; issues?: unknown } | undefined;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') return undefined;
  const issues = Array.isArray(error.issues) ? error.issues.filter((i): i is Issue => typeof i?.path === 'string' && typeof i?.message === 'string') : undefined;
  return { code: error.code, message: error.message, issues };
}
