/** The check every test applies to every answer: each route's response schema, strictly. */
import t from 'tap';
import { build, schemaMisfit, PROJECT, DEFAULT_IDS as ID } from '../helper.js';

t.test('an extra key, a wrong JSON type, a missing key or an undeclared status is a misfit', async (t) => {
  const { app } = await build(t);
  const res = await app.inject({ url: `/v2/${PROJECT}/instances/${ID.healthy}` });
  t.equal(schemaMisfit(app, 'GET', res), undefined, 'the answer as written fits');
  const body = res.json();
  const variant = (changed: unknown, statusCode = 200) => schemaMisfit(app, 'GET', { ...res, statusCode, body: JSON.stringify(changed) } as typeof res);
  t.match(variant({ ...body, surprise: 1 }), /\/surprise Unexpected property/);
  t.match(variant({ ...body, port: '6379' }), /\/port Expected integer/);
  const { name: _name, ...missing } = body;
  t.match(variant(missing), /\/name Expected required property/);
  t.match(variant(body, 302), /no schema for this status/);
  t.match(variant({ error_code: 'DCS.3022', error_msg: 'x' }, 404), /error_ext_msg|Expected union value/, 'an error body in another family\'s envelope');
});
