/**
 * A refusal shown where it happened (under the editor that sent it): the server's message and
 * each issue with its path (`projects[0].instances[0].cache_mode: expected one of …`).
 */
import { ApiError } from '../api.js';
import { fill, h, uid } from '../dom.js';

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

export interface CheckedEditor {
  readonly form: HTMLFormElement;
  readonly text: HTMLTextAreaElement;
}

/**
 * A labelled text area the server checks (a rule as JSON, a scenario as YAML), its submit button,
 * and the region where a refusal's issues show. `send` is given the text; a rejection is shown
 * under the editor (and `refused` said), a success clears it.
 */
export function checkedEditor(options: {
  readonly className: string;
  readonly label: string;
  readonly button: string;
  readonly rows: number;
  readonly value?: string;
  readonly placeholder?: string;
  readonly send: (text: string) => Promise<void>;
  readonly refused: () => void;
}): CheckedEditor {
  const id = uid(options.className);
  const text = h('textarea', { id, rows: options.rows, spellcheck: 'false', class: 'code', ...(options.value !== undefined ? { value: options.value } : {}), ...(options.placeholder !== undefined ? { placeholder: options.placeholder } : {}) });
  const issues = h('div', { class: 'error-box', role: 'alert' });
  issues.hidden = true;
  const form = h('form', { class: options.className },
    h('label', { for: id }, options.label),
    text,
    h('div', { class: 'row' }, h('button', { type: 'submit' }, options.button)),
    issues,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    let sent: Promise<void>;
    try {
      sent = options.send(text.value);
    } catch (err) {
      // Refused before sending (not JSON, nothing pasted): said here, nothing sent.
      showIssues(issues, err);
      return;
    }
    sent.then(() => showIssues(issues, undefined), (err: unknown) => {
      showIssues(issues, err);
      options.refused();
    });
  });
  return { form, text };
}
