/** Per-route settings the gateway plugin reads when a request fails before its handler (the operation). */
import { type MockRuntime } from '../runtime.js';

export type { Operation } from '../chaos/rules.js';
import { type Operation } from '../chaos/rules.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Operation name (journal, rules, logs). */
    operation?: Operation;
  }
  interface FastifyInstance {
    mock: MockRuntime;
  }
}
