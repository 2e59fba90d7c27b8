/**
 * IAM (Identity and Access Management), as far as clients of the emulated services need it:
 * the project lookup the SDK core makes for a credential without a project id (and its
 * fallback), and project-scoped tokens obtained with a password or a token, which every
 * service's routes then accept until they expire (`credentials`). Everything the core knows
 * about IAM is declared here.
 */
import { type ServiceModule } from '../../core/service.js';
import { type IamModel } from './model.js';
import { iamErrors } from './errors.js';
import { iamRoutes } from './routes.js';
import { iamScenario } from './scenario.js';
import { tokenState } from './views.js';
import { iamTime } from './model.js';
import { iamPersistence } from './persist.js';

const operations = {
  'iam.listProjects': { iamAction: 'iam:projects:list' },
  'iam.createToken': { iamAction: 'iam:tokens:create', noCredentials: true },
  'iam.listRegions': { iamAction: 'iam:regions:list' },
  'iam.listAuthDomains': { iamAction: 'iam:domains:list' },
  'iam.createProject': { iamAction: 'iam:projects:create' },
} as const;

export type IamOperation = keyof typeof operations;

export const iam: ServiceModule<IamModel, IamOperation> = {
  name: 'iam',
  title: 'IAM',
  summary: 'the project lookup of the SDKs and project-scoped tokens (password, token)',
  resourceKinds: [],
  operations,
  errors: iamErrors,
  routes: iamRoutes,
  scenario: iamScenario,
  state: {
    view(model, project, now) {
      const tokens = [];
      for (const t of model.tokens.values()) if (t.projectId === project) tokens.push(tokenState(t, now));
      return { name: model.projects.get(project)?.name, tokens };
    },
    counts(model) {
      return { users: model.users.size, tokens: model.tokens.size };
    },
    find: () => undefined,
  },
  persist: iamPersistence,
  credentials: {
    token(model, token) {
      const issued = model.tokens.get(token);
      return issued && { id: issued.id, project: issued.projectId, expiresAt: issued.expiresAt, expiresText: iamTime(issued.expiresAt) };
    },
  },
};
