import { type CatalogEntry } from './catalog.js';

export interface RenderContext {
  readonly requestId: string;
  /** True on DCS v1.0 routes when the scenario asks for the legacy envelope. */
  readonly legacyEnvelope?: boolean;
}

export interface ErrorOverride {
  readonly code?: string;
  readonly message?: string;
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
