/**
 * The dashboard's files as the mock serves them (built into dist/ui by `npm run build`): the page
 * with its placeholders filled in for where the admin API is, a Content-Security-Policy on every
 * file that forbids inline scripts and anything from elsewhere, no admin token needed for the page
 * itself, nothing served that is not one of its files.
 */
import t from 'tap';
import Fastify from 'fastify';
import { buildApp, hwMockPlugin, ManualClock } from '../../src/index.js';
import { CONTENT_SECURITY_POLICY } from '../../src/admin/ui.js';
import { T0, defaultScenario } from '../helper.js';

const TOKEN = 'a-long-enough-token-0123';

t.test('GET /_mock/ui: the page, its script and styles, with the CSP; no token needed for them', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), clock: new ManualClock(T0), adminToken: TOKEN });
  t.teardown(() => app.close());
  const page = await app.inject({ method: 'GET', url: '/_mock/ui' });
  t.equal(page.statusCode, 200);
  t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  t.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
  t.match(CONTENT_SECURITY_POLICY, /script-src 'self';/, 'scripts from the mock only, none inline');
  t.equal(page.headers['x-content-type-options'], 'nosniff');
  t.notMatch(page.body, /%BASE%|%ADMIN%/, 'placeholders filled in');
  t.match(page.body, /src="\/_mock\/ui\/app\.js"/, 'the script from the page\'s own base');
  t.match(page.body, /<meta name="hw-mock-admin" content="\/_mock">/, 'where the admin API is');
  t.notMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  t.notMatch(page.body, /<style|\sstyle="/, 'no inline style');

  for (const [file, type] of [['app.js', 'text/javascript; charset=utf-8'], ['app.css', 'text/css; charset=utf-8']]) {
    const res = await app.inject({ method: 'GET', url: `/_mock/ui/${file}` });
    t.equal(res.statusCode, 200, file);
    t.equal(res.headers['content-type'], type, `${file}: its type`);
    t.equal(res.headers['content-security-policy'], CONTENT_SECURITY_POLICY, `${file}: the CSP too`);
    t.ok(res.body.length > 100, `${file}: not empty`);
  }
  const state = await app.inject({ method: 'GET', url: '/_mock/state' });
  t.equal(state.statusCode, 401, 'the data itself still needs the token');
});

t.test('only the page\'s own files: anything else is a 404 in the admin format', async (t) => {
  const app = await buildApp({ scenario: await defaultScenario(), clock: new ManualClock(T0) });
  t.teardown(() => app.close());
  for (const url of ['/_mock/ui/nope.js', '/_mock/ui/..%2fpackage.json', '/_mock/ui/%2e%2e%2f%2e%2e%2fpackage.json', '/_mock/ui/index.ts']) {
    const res = await app.inject({ method: 'GET', url });
    t.equal(res.statusCode, 404, url);
    t.equal(res.json().error.code, 'MOCK.NOT_FOUND', `${url}: admin error format`);
  }
  const post = await app.inject({ method: 'POST', url: '/_mock/ui' });
  t.equal(post.statusCode, 404, 'POST: no such admin endpoint');
});

t.test('mounted under a prefix: the page points at its own prefix', async (t) => {
  const app = Fastify();
  await app.register(hwMockPlugin, { prefix: '/huawei', clock: new ManualClock(T0) });
  t.teardown(() => app.close());
  const page = await app.inject({ method: 'GET', url: '/huawei/_mock/ui' });
  t.equal(page.statusCode, 200);
  t.match(page.body, /src="\/huawei\/_mock\/ui\/app\.js"/);
  t.match(page.body, /content="\/huawei\/_mock"/);
  const js = await app.inject({ method: 'GET', url: '/huawei/_mock/ui/app.js' });
  t.equal(js.statusCode, 200);
});
