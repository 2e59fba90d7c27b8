/**
 * The scenario library: every file in scenarios/ must load, and every example it
 * carries must get the answer it says, so a scenario that stops doing what it claims
 * fails CI.
 */
import t from 'tap';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadScenarioFile } from '../../src/index.js';
import { runExamples } from '../../src/scenario/examples.js';
import { build, T0 } from '../helper.js';

const DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const files = readdirSync(DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

t.ok(files.length >= 25, `the library has a file per outcome (${files.length} files)`);

for (const file of files) {
  t.test(file, async (t) => {
    const loaded = await loadScenarioFile(join(DIR, file));
    if (!loaded.ok) {
      t.fail(`does not load: ${JSON.stringify(loaded.issues)}`);
      return;
    }
    const examples = loaded.scenario.spec.examples ?? [];
    t.ok(examples.length > 0, 'carries examples');
    t.equal(loaded.scenario.spec.name, file.replace(/\.(ya?ml|json)$/, ''), 'its name is its file name');
    const start = loaded.scenario.spec.clock?.start;
    const { app, clock } = await build(t, loaded.scenario, start ? Date.parse(start) : T0);
    const failures = await runExamples(app, clock, examples);
    t.same(failures, [], `${examples.length} examples answer as written`);
  });
}
