/**
 * What a service's own view declares to the dashboard (each `src/services/<name>/ui.ts` exports
 * one), and what the dashboard hands it. The shell names no service: it lists sections from
 * `../services/ui.ts` and gives each the projects of `GET /_mock/state`.
 */
import { type CallAnswer, type ProjectState } from './api.js';

/** A fault rule the rules panel offers as one click ("next swap → code 2"). */
export interface RulePreset {
  readonly label: string;
  readonly rule: Record<string, unknown>;
}

export interface ViewContext {
  /** `POST /_mock/actions`; a refusal is shown in the status area. Resolves whether it applied. */
  act(action: Record<string, unknown>): Promise<boolean>;
  /** One emulated call, made as a client would; its answer is shown in the section's answer panel. */
  call(method: string, path: string, json?: unknown): Promise<CallAnswer>;
  /** The mock's time now, in ms (virtual: as last reported; real: moving with this page's clock). */
  now(): number;
}

export interface ServiceView {
  /** The section's id, and the anchor of its link (unique on the page). */
  readonly id: string;
  /** Its heading (what its resources are). */
  readonly title: string;
  /** Rule presets of this service, for the rules panel. */
  readonly rulePresets?: readonly RulePreset[];
  /**
   * Builds the section's content in `root`; answers the function that shows the projects (called
   * on every state change, and every second on a real clock, with the same projects, so
   * progress can move between changes).
   */
  mount(root: HTMLElement, ctx: ViewContext): (projects: readonly ProjectState[]) => void;
}
