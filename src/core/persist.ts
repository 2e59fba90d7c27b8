/**
 * The mock's state across a restart (`--state-file`): everything a fresh build from the scenario
 * would not give back — each service's live state (its `persist`), the virtual clock, the
 * timeline, the fault rules with their counters and streams, the journal — as one JSON document,
 * written atomically, and put back into a runtime freshly built from the same scenario.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { type MockRuntime } from './runtime.js';
import { type SavedRules } from './rules.js';
import { type JournalEntry } from './journal.js';
import { type ScenarioSpec } from '../scenario/schema.js';

export const STATE_FORMAT = 'hw-mock-state';
export const STATE_VERSION = 1;

export interface SavedState {
  readonly format: typeof STATE_FORMAT;
  readonly version: number;
  /** The scenario it belongs to: its name and a digest of its content. */
  readonly scenario: { readonly name: string; readonly digest: string };
  readonly services: readonly string[];
  readonly savedAt: string;
  readonly clock: { readonly kind: 'real' | 'virtual'; readonly now: number };
  readonly timeline: Readonly<Record<string, number>>;
  readonly rules: SavedRules;
  readonly jitter: [number, number, number, number];
  readonly journal: { readonly total: number; readonly entries: readonly JournalEntry[] };
  readonly models: Readonly<Record<string, unknown>>;
}

/** A state file that cannot be used: the start stops with this message (never silently ignored). */
export class StateError extends Error {}

export const scenarioDigest = (spec: ScenarioSpec): string => createHash('sha256').update(JSON.stringify(spec)).digest('hex');

/** The runtime's state now (every transition due by the clock's time run first). */
export function saveState(runtime: MockRuntime): SavedState {
  const world = runtime.world;
  const now = world.catchUp();
  const models: Record<string, unknown> = {};
  for (const service of runtime.registry.services) {
    if (service.persist) models[service.name] = service.persist.save(world.model(service));
  }
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    scenario: { name: runtime.scenario.spec.name, digest: scenarioDigest(runtime.scenario.spec) },
    services: runtime.registry.services.map((s) => s.name),
    savedAt: new Date().toISOString(),
    clock: { kind: runtime.clock.kind, now },
    timeline: Object.fromEntries(runtime.timelineStarts),
    rules: runtime.rules.save(),
    jitter: runtime.jitter.state,
    journal: { total: runtime.journal.total, entries: runtime.journal.entries() },
    models,
  };
}

/**
 * Puts a saved state back into a runtime just built from the scenario it belongs to (checked:
 * another scenario, other services, another format version are refused with a StateError).
 */
export function restoreState(runtime: MockRuntime, data: unknown): void {
  const state = data as Partial<SavedState> | null;
  if (!state || typeof state !== 'object' || state.format !== STATE_FORMAT) throw new StateError('not a hw-mock state file');
  if (state.version !== STATE_VERSION) throw new StateError(`state format version ${String(state.version)}; this hw-mock reads version ${STATE_VERSION}`);
  const names = runtime.registry.services.map((s) => s.name);
  if (JSON.stringify(state.services) !== JSON.stringify(names)) throw new StateError(`saved with the services ${JSON.stringify(state.services)}, running ${JSON.stringify(names)}`);
  if (state.scenario?.digest !== scenarioDigest(runtime.scenario.spec)) {
    throw new StateError(`saved with another scenario ("${state.scenario?.name}"), or with this one before it changed; delete the state file to start from the scenario`);
  }
  const world = runtime.world;
  const now = runtime.clock.now();
  try {
    world.scheduler.clear();
    for (const service of runtime.registry.services) {
      if (service.persist) service.persist.restore(world.model(service), state.models?.[service.name]);
    }
    runtime.resumeTimeline(state.timeline ?? {}, now);
    runtime.rules.restore(state.rules!);
    runtime.jitter.state = state.jitter!;
    runtime.journal.restore(state.journal?.entries ?? [], state.journal?.total ?? 0);
  } catch (err) {
    throw new StateError(`the state does not fit the scenario: ${(err as Error).message}`);
  }
}

/** Writes the state so that a crash leaves the old file or the new one, never half of one. */
export function writeStateFile(path: string, state: SavedState): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** The state in a file: undefined when there is none; a StateError when it cannot be read as one. */
export function readStateFile(path: string): SavedState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateError(`cannot read: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as SavedState;
  } catch (err) {
    throw new StateError(`not valid JSON: ${(err as Error).message}`);
  }
}
