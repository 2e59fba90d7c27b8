import t from 'tap';
import { compareVersions, parseVersion, supportsSwitchover } from '../../../src/services/dws/version.js';

const GATE = '8.1.1.202';

t.test('versions compare numerically, segment by segment, against the 8.1.1.202 gate', async (t) => {
  const table: Array<[string, -1 | 0 | 1]> = [
    ['8.1.1.202', 0],
    ['8.1.1.201', -1], ['8.1.1.21', -1], ['8.1.0.999', -1], ['8.0.3.300', -1], ['1.2.0', -1], ['8.1.1', -1], ['8.1.1.0', -1],
    ['8.1.1.203', 1], ['8.1.1.1000', 1], ['8.1.2', 1], ['8.1.3.100', 1], ['8.2.0.100', 1], ['9.1.0.200', 1], ['8.1.3', 1],
  ];
  const gate = parseVersion(GATE)!;
  for (const [text, expected] of table) {
    const v = parseVersion(text);
    t.ok(v, `${text} parses`);
    t.equal(compareVersions(v!, gate), expected, `${text} vs ${GATE}`);
    t.equal(compareVersions(gate, v!), -expected || 0, `${GATE} vs ${text}`);
    t.equal(supportsSwitchover(v!), expected >= 0, `${text} ${expected >= 0 ? 'supports' : 'does not support'} the switchover`);
  }
});

t.test('a missing segment counts as 0', async (t) => {
  t.equal(compareVersions(parseVersion('8.1.2')!, parseVersion('8.1.2.0')!), 0);
  t.equal(compareVersions(parseVersion('8.1.2')!, parseVersion('8.1.2.1')!), -1);
});

t.test('malformed versions are refused', async (t) => {
  for (const bad of ['8.1.x', '8..1', '', '8.1', '8', '8.1.1.202.1', '8.1.1.', '.8.1.1', 'v8.1.1', '8.1.-1', ' 8.1.1', '8.1.1 ', '08.1.1', '8.1.1e3']) {
    t.equal(parseVersion(bad), null, JSON.stringify(bad));
  }
  t.same(parseVersion('8.1.1.202'), [8, 1, 1, 202]);
  t.same(parseVersion('0.0.0'), [0, 0, 0]);
});
