/**
 * The scenario keys IAM reads (`auth.domain`, `auth.users`, `timings.iam`) and project names:
 * every refusal names its path; a mock without IAM refuses IAM's keys.
 */
import t from 'tap';
import { validateScenario, PROJECT, OTHER_PROJECT } from './fixtures/iam.js';
import { dcs, dws } from '../../../src/services/index.js';

const THIRD = '0123456789abcdef0123456789abcdef';
const issues = (doc: unknown, services?: Parameters<typeof validateScenario>[2]) => {
  const r = validateScenario(doc, 'x.yaml', services);
  return r.ok ? [] : r.issues;
};
const withAuth = (auth: unknown, projects: unknown[] = [{ id: PROJECT }, { id: OTHER_PROJECT }]) => ({ name: 'x', projects, auth });

t.test('users: a valid set loads', async (t) => {
  t.same(issues(withAuth({ domain: 'acme', users: [
    { name: 'alice', password: 'pw', domain: 'acme' },
    { name: 'bob', password: 'pw', id: THIRD, projects: [OTHER_PROJECT] },
    { name: 'carol', password: 'pw', projects: ['*'] },
  ] })), []);
});

t.test('users: each mistake refused with its path', async (t) => {
  const cases: Array<[unknown, string, RegExp | string]> = [
    [{ users: [{ name: 'alice' }] }, 'auth.users[0].password', /^is required/],
    [{ users: [{ name: '', password: 'pw' }] }, 'auth.users[0].name', 'expected a user name of 1 to 64 characters, got ""'],
    [{ users: [{ name: 'alice', password: '' }] }, 'auth.users[0].password', 'expected a password of 1 to 128 characters, got ""'],
    [{ users: [{ name: 'alice', password: 'pw', role: 'admin' }] }, 'auth.users[0].role', 'unknown key'],
    [{ users: [{ name: 'alice', password: 'pw', id: 'nope' }] }, 'auth.users[0].id', 'expected a user id: 32 lowercase hex characters, got "nope"'],
    [{ users: [{ name: 'alice', password: 'pw', projects: ['nope'] }] }, 'auth.users[0].projects[0]', 'expected a project id (32 lowercase hex) or *, got "nope"'],
    [{ users: [{ name: 'alice', password: 'pw' }, { name: 'alice', password: 'other' }] }, 'auth.users[1].name', 'duplicate user name alice (also at auth.users[0].name)'],
    [{ users: [{ name: 'alice', password: 'pw', id: THIRD }, { name: 'bob', password: 'pw', id: THIRD }] }, 'auth.users[1].id', `duplicate user id ${THIRD} (also at auth.users[0].id)`],
    [{ users: [{ name: 'alice', password: 'pw', domain: 'other' }] }, 'auth.users[0].domain', 'expected the account\'s name "hw-mock" (auth.domain: a scenario is one account), got "other"'],
    [{ domain: 'acme', users: [{ name: 'alice', password: 'pw', domain: 'hw-mock' }] }, 'auth.users[0].domain', 'expected the account\'s name "acme" (auth.domain: a scenario is one account), got "hw-mock"'],
    [{ users: [{ name: 'alice', password: 'pw', projects: [THIRD] }] }, 'auth.users[0].projects[0]', `unknown project ${THIRD}: no entry of projects has this id`],
    [{ domain: '' }, 'auth.domain', 'expected an account (domain) name of 1 to 64 characters, got ""'],
    [{ users: { alice: 'pw' } }, 'auth.users', 'expected a list, got an object'],
  ];
  for (const [auth, path, message] of cases) {
    const found = issues(withAuth(auth));
    const issue = found.find((i) => i.path === path);
    t.ok(issue, `${path}: ${JSON.stringify(found)}`);
    if (issue) {
      if (typeof message === 'string') t.equal(issue.message, message, path);
      else t.match(issue.message, message, path);
    }
  }
});

t.test('a deny list cannot name the call that obtains tokens; it can name the lookup', async (t) => {
  t.match(issues(withAuth({ credentials: [{ ak: 'AKAKAKAKAKAK', sk: 'secretsecret', deny: ['iam:tokens:create'] }] })), [{ path: 'auth.credentials[0].deny[0]', message: /^expected one of .*iam:projects:list/ }]);
  t.same(issues(withAuth({ credentials: [{ ak: 'AKAKAKAKAKAK', sk: 'secretsecret', deny: ['iam:projects:list'] }] })), []);
});

t.test('timings.iam.tokenLifetimeSeconds: a whole number of seconds from 1', async (t) => {
  t.same(issues({ name: 'x', projects: [{ id: PROJECT }], timings: { iam: { tokenLifetimeSeconds: 3600 } } }), []);
  t.same(issues({ name: 'x', projects: [{ id: PROJECT }], timings: { iam: { tokenLifetimeSeconds: 0 } } }), [{ path: 'timings.iam.tokenLifetimeSeconds', message: 'expected a number of seconds from 1 to 31622400, got number 0' }]);
});

t.test('project names are unique, given or derived, each duplicate at its path', async (t) => {
  const projects = (...entries: unknown[]) => ({ name: 'x', projects: entries });
  t.same(issues(projects({ id: PROJECT, name: 'cn-north-4_a' }, { id: OTHER_PROJECT, name: 'cn-north-4_a' })), [{ path: 'projects[1].name', message: 'duplicate project name cn-north-4_a (also at projects[0].name)' }]);
  t.same(issues(projects({ id: PROJECT, name: 'cn-north-4' }, { id: OTHER_PROJECT }, { id: THIRD, name: `cn-north-4_${OTHER_PROJECT.slice(0, 8)}` })), [
    { path: 'projects[2].name', message: `duplicate project name cn-north-4_${OTHER_PROJECT.slice(0, 8)} (also at projects[1].name)` },
  ], 'a given name that another project has by default');
  t.same(issues(projects({ id: PROJECT, name: `cn-north-4_${OTHER_PROJECT.slice(0, 8)}` }, { id: THIRD }, { id: OTHER_PROJECT })), [
    { path: 'projects[2].name', message: `duplicate project name cn-north-4_${OTHER_PROJECT.slice(0, 8)} (this project's default name: give it a name) (also at projects[0].name)` },
  ], 'a default name that another project was given');
  t.same(issues(projects({ id: PROJECT }, { id: OTHER_PROJECT }, { id: THIRD })), [], 'defaults never clash with each other');
  t.match(issues(projects({ id: PROJECT, name: '' })), [{ path: 'projects[0].name' }], 'an empty name is refused');
});

t.test('a mock without IAM refuses its keys', async (t) => {
  const doc = { name: 'x', projects: [{ id: PROJECT }], auth: { domain: 'acme', users: [{ name: 'alice', password: 'pw' }] }, timings: { iam: { tokenLifetimeSeconds: 60 } } };
  t.same(issues(doc, [dcs, dws]).map((i) => [i.path, i.message]).sort(), [['auth.domain', 'unknown key'], ['auth.users', 'unknown key'], ['timings.iam', 'unknown key']]);
  t.same(issues(doc), []);
});
