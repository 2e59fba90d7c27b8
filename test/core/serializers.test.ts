/** The response serializer: JSON.stringify, with a constant body's text made once. */
import t from 'tap';
import { jsonSerializerCompiler } from '../../src/gateway/serializers.js';
import { constant } from '../../src/core/service.js';

const serialize = (jsonSerializerCompiler() as unknown as () => (data: unknown) => string)();

t.test('a constant body is frozen and written as JSON, the same text every time', (t) => {
  const body = constant({ code: '1', message: 'repliation abnormal, master connected_slaves:0\r' });
  t.ok(Object.isFrozen(body));
  const first = serialize(body);
  t.equal(first, '{"code":"1","message":"repliation abnormal, master connected_slaves:0\\r"}');
  t.equal(serialize(body), first);
  t.end();
});

t.test('a body not marked constant is written afresh, frozen or not (a frozen shell may hold a changing object)', (t) => {
  const inner = { progress: 10 };
  const body = Object.freeze({ inner });
  t.equal(serialize(body), '{"inner":{"progress":10}}');
  inner.progress = 50;
  t.equal(serialize(body), '{"inner":{"progress":50}}');
  t.equal(serialize(null), 'null');
  t.equal(serialize('text'), '"text"');
  t.end();
});
