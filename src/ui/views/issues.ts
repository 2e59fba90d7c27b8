/**
 * A refusal shown where it happened (under the editor that sent it): the server's message and
 * each issue with its path (`projects[0].instances[0].cache_mode: expected one of …`).
 */
import { ApiError } from '../api.js';
import { fill, h } from '../dom.js';

/** Shows `err` in `el` (a region with role="alert"), or empties it when `err` is undefined. */
export function showIssues(el: HTMLElement, err: unknown): void {
  if (err === undefined) {
    fill(el);
    el.hidden = true;
    return;
  }
  el.hidden = false;
  if (!(err instanceof ApiError)) {
    fill(el, h('p', {}, err instanceof Error ? err.message : String(err)));
    return;
  }
  fill(
    el,
    h('p', {}, `${err.message} (${err.status} ${err.code})`),
    err.issues.length > 0
      ? h('ul', { class: 'issues' }, ...err.issues.map((i) => h('li', {}, h('code', { class: 'path' }, i.path || '(top)'), ': ', i.message)))
      : null,
  );
}
