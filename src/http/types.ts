/** Per-route settings the gateway plugin reads (error family, operation name, v1.0 legacy envelope). */
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
    /** DCS v1.0 routes: the scenario may switch their errors to the legacy envelope. */
    v1?: boolean;
  }
  interface FastifyInstance {
    mock: MockRuntime;
  }
}
