/**
 * DCS (Distributed Cache Service, Redis and Memcached): the master/standby swap and what a
 * client calls around it. Everything the core knows about DCS is declared here.
 */
import { lazyMap, type ServiceModule } from '../../core/service.js';
import { type DcsModel } from './model.js';
import { dcsErrors } from './errors.js';
import { dcsRoutes } from './routes.js';
import { dcsScenario } from './scenario.js';
import { dcsActions } from './actions.js';
import { dcsCodeOutcome } from './outcomes.js';
import { jobView, mockView } from './views.js';
import { dcsPersistence } from './persist.js';

const operations = {
  'dcs.swap': { iamAction: 'dcs:instance:swap', resourceParam: 'instance_id' },
  'dcs.swapV2': { iamAction: 'dcs:instance:swap', resourceParam: 'instance_id' },
  'dcs.asyncSwap': { iamAction: 'dcs:instance:swap', resourceParam: 'instance_id' },
  'dcs.job': { iamAction: 'dcs:instance:get', resourceParam: 'job_id' },
  'dcs.getInstance': { iamAction: 'dcs:instance:get', resourceParam: 'instance_id' },
  'dcs.getInstanceV2': { iamAction: 'dcs:instance:get', resourceParam: 'instance_id' },
  'dcs.listInstances': { iamAction: 'dcs:instance:list' },
  'dcs.listInstancesV2': { iamAction: 'dcs:instance:list' },
  'dcs.logicalNodes': { iamAction: 'dcs:instance:get', resourceParam: 'instance_id' },
  'dcs.topology': { iamAction: 'dcs:instance:get', resourceParam: 'instance_id' },
  'dcs.tasks': { iamAction: 'dcs:instance:get', resourceParam: 'instance_id' },
  'dcs.groups': { iamAction: 'dcs:instance:get', resourceParam: 'instance_id' },
  'dcs.groupNodesState': { iamAction: 'dcs:instance:get', resourceParam: 'instance_id' },
  'dcs.shardSwitchover': { iamAction: 'dcs:instance:swap', resourceParam: 'instance_id' },
  'dcs.slavePriority': { iamAction: 'dcs:instance:modify', resourceParam: 'instance_id' },
} as const;

export type DcsOperation = keyof typeof operations;

export const dcs: ServiceModule<DcsModel, DcsOperation> = {
  name: 'dcs',
  title: 'DCS',
  summary: 'master/standby swap of Redis and Memcached instances',
  resourceKinds: ['instance'],
  operations,
  errors: dcsErrors,
  routes: dcsRoutes,
  scenario: dcsScenario,
  actions: dcsActions,
  ruleOutcomes: [dcsCodeOutcome],
  persist: dcsPersistence,
  state: {
    view(model, project, now) {
      const p = model.project(project);
      return {
        instances: lazyMap(p?.instances.peek() ?? [], (i) => ({
          id: i.id, name: i.profile.name, engine: i.profile.engine, cache_mode: i.profile.cache_mode, status: i.status,
          ...mockView(i, now), pending_job: i.pendingJob?.id ?? null,
        }), p?.instances.size ?? 0),
        jobs: lazyMap(p?.jobs.values() ?? [], jobView, p?.jobs.size ?? 0),
      };
    },
    counts(model) {
      let instances = 0, jobs = 0;
      for (const p of model.projects.values()) {
        instances += p.instances.size;
        jobs += p.jobs.size;
      }
      return { instances, jobs };
    },
    find(model, id) {
      const project = model.projectOf(id);
      return project && { kind: 'instance', project: project.id };
    },
  },
};
