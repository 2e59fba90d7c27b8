/** Per-route settings the gateway plugin reads when a request fails before its handler (error family, operation). */
import { type ErrorFamily } from '../errors/catalog.js';
import { type MockRuntime } from '../runtime.js';

export type { Operation } from '../chaos/rules.js';
import { type Operation } from '../chaos/rules.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which API answers on this route: decides the error body format. */
    family?: ErrorFamily;
    /** Operation name (journal, rules, logs). */
    operation?: Operation;
  }
  interface FastifyInstance {
    mock: MockRuntime;
  }
}
