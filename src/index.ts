/** Library entry: embed the mock in-process (tests in Node). */
export { buildApp, DEFAULT_BODY_LIMIT, type BuildOptions } from './app.js';
export { ManualClock, RealClock, type Clock } from './domain/clock.js';
export { loadScenarioFile, parseScenario, validateScenario, ScenarioError, type Scenario, type LoadResult } from './scenario/load.js';
export { MockRuntime } from './runtime.js';
export { createLogger } from './logger.js';
