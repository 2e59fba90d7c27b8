/**
 * DWS (GaussDB(DWS) data warehouse): the cluster primary/standby switchover and the
 * cluster and node reads around it. Everything the core knows about DWS is declared here.
 */
import { lazyMap, type ServiceModule } from '../../core/service.js';
import { DEFAULT_NODE_COUNT, actionProgress, shownSubStatus, taskStatus, type DwsModel } from './model.js';
import { dwsErrors } from './errors.js';
import { dwsRoutes } from './routes.js';
import { dwsScenario } from './scenario.js';
import { dwsActions } from './actions.js';
import { placementView } from './views.js';
import { dwsPersistence } from './persist.js';

const operations = {
  'dws.switchover': { iamAction: 'dws:cluster:switchover', resourceParam: 'cluster_id' },
  'dws.getCluster': { iamAction: 'dws:cluster:get', resourceParam: 'cluster_id' },
  'dws.listClusters': { iamAction: 'dws:cluster:list' },
  // The IAM actions the API reference gives for ShowClusters and ListClusterNodes.
  'dws.listClustersV2': { iamAction: 'dws:cluster:list' },
  'dws.listClusterNodes': { iamAction: 'dws:cluster:listNode', resourceParam: 'cluster_id' },
} as const;

export type DwsOperation = keyof typeof operations;

export const dws: ServiceModule<DwsModel, DwsOperation> = {
  name: 'dws',
  title: 'DWS',
  summary: 'primary/standby switchover of data warehouse clusters',
  resourceKinds: ['cluster'],
  operations,
  errors: dwsErrors,
  routes: dwsRoutes,
  scenario: dwsScenario,
  actions: dwsActions,
  persist: dwsPersistence,
  state: {
    view(model, project, now) {
      const clusters = model.project(project)?.clusters;
      return {
        clusters: lazyMap(clusters?.peek() ?? [], (c) => ({
          id: c.id, name: c.profile.name, version: c.version, status: c.status, sub_status: shownSubStatus(c), task_status: taskStatus(c),
          action_progress: actionProgress(c, now), fail_next_switchover: c.failNextSwitchover, switchover_fails: c.switchoverFails,
          placement: placementView(c),
        }), clusters?.size ?? 0),
      };
    },
    counts(model) {
      let clusters = 0;
      for (const p of model.projects.values()) clusters += p.clusters.size;
      return { clusters };
    },
    find(model, id) {
      const project = model.projectOf(id);
      if (!project) return undefined;
      const entry = project.clusters.entry(id);
      const nodes = entry ? (entry.number_of_node ?? DEFAULT_NODE_COUNT) : project.clusters.get(id)!.nodes.length;
      return { kind: 'cluster', project: project.id, nodes };
    },
  },
};
