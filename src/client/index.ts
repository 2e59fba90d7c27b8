/**
 * The admin client, on its own: `MockAdmin` and `MockAdminError`, with the admin API's types.
 * Nothing here loads the server (its imports of server modules are types only).
 */
export { MockAdmin, type MockAdminOptions, type ClockAdvance, type ScenarioDocument, type ProjectDocument } from './admin.js';
export { MockAdminError } from './error.js';
export type {
  ActionInput, AdvanceAnswer, ClockAnswer, HealthAnswer, Issue, JournalEntryView, JournalFilter, ProjectLoadedAnswer, RequestsListFilter,
  ResetAnswer, RuleInput, RuleView, ScenarioLoadedAnswer, StateAnswer,
} from '../admin/schemas.js';
