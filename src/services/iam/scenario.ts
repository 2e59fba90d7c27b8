/**
 * The IAM part of a scenario: the account and its users in `auth:` (`auth.domain`,
 * `auth.users`), the token lifetime in `timings.iam`, the checks across the scenario, and the
 * builder. Projects and their names are the core's (`projects[].name`, `ProjectContext.name`).
 */
import { Type, type Static } from '@sinclair/typebox';
import { type ModelContext, type ProjectContext, type ScenarioSection, type ScenarioView } from '../../core/service.js';
import { PROJECT_ID_PATTERN } from '../../core/ids.js';
import { Random } from '../../core/random.js';
import { type Issue } from '../../scenario/issues.js';
import { ProjectIdSchema } from '../../scenario/parts.js';
import { DEFAULT_DOMAIN, DEFAULT_TIMINGS, IamModel, type IamTimings, type IamUser } from './model.js';

const closed = { additionalProperties: false } as const;
const Name = (what: string) => Type.String({ minLength: 1, maxLength: 64, expected: `${what} of 1 to 64 characters` });

export const UserSpecSchema = Type.Object({
  name: Name('a user name'),
  password: Type.String({ minLength: 1, maxLength: 128, expected: 'a password of 1 to 128 characters' }),
  /** The account it belongs to: `auth.domain` (the default); any other is refused, a scenario being one account. */
  domain: Type.Optional(Name('an account (domain) name')),
  /** Its IAM user id (default: derived from the seed and its name). */
  id: Type.Optional(Type.String({ pattern: PROJECT_ID_PATTERN, expected: 'a user id: 32 lowercase hex characters' })),
  /** Projects it may get a token for (default: all). */
  projects: Type.Optional(Type.Array(Type.Union([Type.Literal('*'), ProjectIdSchema], { expected: 'a project id (32 lowercase hex) or *' }), { minItems: 1, maxItems: 1000 })),
}, closed);

export type UserSpec = Static<typeof UserSpecSchema>;

interface IamAuth {
  readonly domain?: string;
  readonly users?: readonly UserSpec[];
}

const accountOf = (auth: IamAuth): string => auth.domain ?? DEFAULT_DOMAIN;

export const iamScenario: ScenarioSection<IamModel> = {
  projectKeys: {},
  timings: Type.Object({
    tokenLifetimeSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 * 86400, default: DEFAULT_TIMINGS.tokenLifetimeSeconds, expected: 'a number of seconds from 1 to 31622400' })),
  }, closed),
  authKeys: {
    /** The account's (domain's) name; default `hw-mock`. Its id is derived from the seed and the name. */
    domain: Type.Optional(Name('an account (domain) name')),
    /** IAM users who can obtain tokens with `POST /v3/auth/tokens`. */
    users: Type.Optional(Type.Array(UserSpecSchema, { maxItems: 1000 })),
  },

  check: () => [],

  checkScenario(scenario: ScenarioView): Issue[] {
    const issues: Issue[] = [];
    const auth = scenario.auth as IamAuth;
    const account = accountOf(auth);
    const projects = new Set(scenario.projects.map((p) => p.id));
    const names = new Map<string, string>();
    const ids = new Map<string, string>();
    (auth.users ?? []).forEach((user, u) => {
      const path = `auth.users[${u}]`;
      const sameName = names.get(user.name);
      if (sameName) issues.push({ path: `${path}.name`, message: `duplicate user name ${user.name} (also at ${sameName})` });
      else names.set(user.name, `${path}.name`);
      if (user.id !== undefined) {
        const sameId = ids.get(user.id);
        if (sameId) issues.push({ path: `${path}.id`, message: `duplicate user id ${user.id} (also at ${sameId})` });
        else ids.set(user.id, `${path}.id`);
      }
      if (user.domain !== undefined && user.domain !== account) {
        issues.push({ path: `${path}.domain`, message: `expected the account's name ${JSON.stringify(account)} (auth.domain: a scenario is one account), got ${JSON.stringify(user.domain)}` });
      }
      (user.projects ?? []).forEach((p, i) => {
        if (p !== '*' && !projects.has(p)) issues.push({ path: `${path}.projects[${i}]`, message: `unknown project ${p}: no entry of projects has this id` });
      });
    });
    return issues;
  },

  *declared() {},

  createModel(context: ModelContext): IamModel {
    const auth = context.auth as IamAuth;
    const name = accountOf(auth);
    const users = new Map<string, IamUser>();
    for (const u of auth.users ?? []) {
      users.set(u.name, {
        id: u.id ?? Random.for(context.seed, 'iam', 'user', u.name).hex(32),
        name: u.name,
        password: u.password,
        projects: !u.projects || u.projects.includes('*') ? null : new Set(u.projects),
      });
    }
    const domain = { id: Random.for(context.seed, 'iam', 'domain', name).hex(32), name };
    return new IamModel(domain, users, { ...DEFAULT_TIMINGS, ...(context.timings as Partial<IamTimings>) });
  },

  buildProject(model: IamModel, project: ProjectContext): void {
    model.putProject({ id: project.id, name: project.name, region: project.region });
  },
};
