import { type CatalogEntry } from './catalog.js';

/** How DCS v1.0 routes shape their errors (scenario option `dcs.errorEnvelope`). */
export type DcsEnvelope = 'current' | 'legacy';

export interface RenderContext {
  readonly requestId: string;
  /** True on DCS v1.0 routes when the scenario asks for the legacy envelope. */
  readonly legacyEnvelope?: boolean;
}

export interface ErrorOverride {
  readonly code?: string;
  readonly message?: string;
}

/** An error on its way to the wire: a catalog entry and optional overrides. */
export class ApiError extends Error {
  constructor(
    readonly entry: CatalogEntry,
    readonly override: ErrorOverride = {},
    readonly statusOverride?: number,
  ) {
    super(override.message ?? entry.message);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.statusOverride ?? this.entry.status;
  }
}

/** The exact body of an error in its API's own format (CONTRACT §2, §3, §4). */
export function errorBody(entry: CatalogEntry, ctx: RenderContext, override: ErrorOverride = {}): Record<string, unknown> {
  const code = override.code ?? entry.code;
  const message = override.message ?? entry.message;
  switch (entry.family) {
    case 'gateway':
      return { error_code: code, error_msg: message, request_id: ctx.requestId };
    case 'dws':
      return { error_code: code, error_msg: message };
    case 'dcs':
      if (ctx.legacyEnvelope) return { error: { code: override.code ?? entry.legacy ?? code, message } };
      return { error_code: code, error_msg: message, error_ext_msg: null };
  }
}
