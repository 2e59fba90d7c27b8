/**
 * The dashboard's refetch coalescing (src/ui/live.ts): many change events within the window are
 * one admin call, never two at once, and a change during a call is fetched again after it.
 */
import t from 'tap';
import { Coalescer } from '../../src/ui/live.js';

/** A task whose runs are counted and finished by hand. */
function manualTask() {
  const runs: (() => void)[] = [];
  let started: (() => void) | undefined;
  return {
    runs,
    task: () => new Promise<void>((resolve) => {
      runs.push(resolve);
      started?.();
    }),
    /** Resolves when the next run starts. */
    nextStart: () => new Promise<void>((resolve) => (started = resolve)),
  };
}

t.test('requests within the window make one run', async (t) => {
  const m = manualTask();
  const c = new Coalescer(m.task, 1);
  const start = m.nextStart();
  for (let i = 0; i < 10; i++) c.request();
  await start;
  t.equal(m.runs.length, 1, 'ten requests, one run');
  m.runs[0]();
});

t.test('a request during a run: one more run after it, never two at once', async (t) => {
  const m = manualTask();
  const c = new Coalescer(m.task, 1);
  let start = m.nextStart();
  c.request();
  await start;
  start = m.nextStart();
  c.request();
  c.request();
  t.equal(m.runs.length, 1, 'nothing starts while a run is in flight');
  m.runs[0]();
  await start;
  t.equal(m.runs.length, 2, 'the requests made during it are one more run');
  m.runs[1]();
});
