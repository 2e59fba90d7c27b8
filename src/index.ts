/** Library entry: embed the mock in-process (tests in Node), or drive any running mock (MockAdmin). */
import { type AnyService } from './core/service.js';
import * as scenarios from './scenario/load.js';
import { ALL_SERVICES } from './services/index.js';
import { registryFor } from './app.js';

export { buildApp, DEFAULT_BODY_LIMIT, type BuildOptions } from './app.js';
export { startMock, hwMockPlugin, DEFAULT_SCENARIO_FILE, type StartOptions, type StartedMock, type HwMockPluginOptions, type MockSetup, type ScenarioInput } from './start.js';
export * from './client/index.js';
export { ManualClock, RealClock, type Clock } from './core/clock.js';
export { ScenarioError, type Scenario, type LoadResult } from './scenario/load.js';
export { MockRuntime } from './core/runtime.js';
export { saveState, restoreState, readStateFile, writeStateFile, StateError, type SavedState } from './core/persist.js';
export { createLogger } from './logger.js';
export * from './services/index.js';
export type { ServiceModule, AnyService } from './core/service.js';

/** Checks a parsed scenario document against the services (default: all). */
export const validateScenario = (value: unknown, source: string, services: readonly AnyService[] = ALL_SERVICES) =>
  scenarios.validateScenario(registryFor(services), value, source);

/** Parses and checks a scenario's text, YAML or JSON. */
export const parseScenario = (text: string, source: string, format: 'yaml' | 'json' = 'yaml', services: readonly AnyService[] = ALL_SERVICES) =>
  scenarios.parseScenario(registryFor(services), text, source, format);

/** Reads, parses and checks a scenario file. */
export const loadScenarioFile = (file: string, services: readonly AnyService[] = ALL_SERVICES) =>
  scenarios.loadScenarioFile(registryFor(services), file);
