/** The DCS part of a scenario: seeded defaults for what a scenario leaves out. */
import t from 'tap';
import { validateScenario } from '../../../src/index.js';
import { buildWorld } from '../../../src/scenario/build.js';
import { ServiceRegistry } from '../../../src/core/registry.js';
import { ManualClock } from '../../../src/core/clock.js';
import { ALL_SERVICES, dcs } from '../../../src/services/index.js';
import { instanceDetailV1 } from '../../../src/services/dcs/views.js';
import { PROJECT, T0 } from '../../helper.js';

const REGISTRY = new ServiceRegistry(ALL_SERVICES);
const instance = (extra: Record<string, unknown>) => ({ id: '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11', ...extra });
const doc = (instances: unknown[], top: Record<string, unknown> = {}) => ({ name: 'x', projects: [{ id: PROJECT, instances }], ...top });

t.test('defaults are realistic and seeded: same seed, same answers; another seed, others', async (t) => {
  const spec = (seed: number) => {
    const r = validateScenario(doc([instance({})], { seed }), 's');
    if (!r.ok) throw new Error('bad');
    return r.scenario.spec;
  };
  const view = (seed: number) => {
    const w = buildWorld(spec(seed), REGISTRY, new ManualClock(T0));
    return JSON.stringify(instanceDetailV1(w.model(dcs).instance(PROJECT, '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11')!, T0));
  };
  t.equal(view(7), view(7));
  t.not(view(7), view(8));
  const d = JSON.parse(view(7));
  t.match(d, { engine: 'Redis', engine_version: '5.0', cache_mode: 'ha', status: 'RUNNING', spec_code: 'redis.ha.xu1.large.r2.1', port: 6379 });
  t.match(d.ip, /^192\.168\.\d+\.\d+$/);
  t.match(d.vpc_id, /^[0-9a-f-]{36}$/);
  t.ok(Date.parse(d.created_at) < Date.parse(d.launched_at));
});

