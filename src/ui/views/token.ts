/**
 * The admin token form, shown instead of the dashboard when the mock requires a token and the
 * page has none that works. The token is tried (one admin call) before it is kept; a refused one
 * says so and stays out of storage.
 */
import { fill, h, uid } from '../dom.js';

export interface TokenPromptOptions {
  /** Why the form is shown again (a token that stopped working), if it is. */
  readonly reason?: string;
  /** Tries a token: resolves with an error message, or undefined when the server took it. */
  check(token: string): Promise<string | undefined>;
  accepted(token: string): void;
}

export function showTokenPrompt(root: HTMLElement, options: TokenPromptOptions): void {
  const inputId = uid('admin-token');
  const input = h('input', { id: inputId, name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': `${inputId}-help` });
  const error = h('div', { class: 'error-box', role: 'alert' });
  error.hidden = true;
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Unlock');
  const form = h('form', { class: 'token-form', novalidate: true },
    h('label', { for: inputId }, 'Admin token'),
    input,
    submit,
  );
  const section = h('section', { class: 'panel token', 'aria-labelledby': `${inputId}-title` },
    h('h2', { id: `${inputId}-title` }, 'Admin token required'),
    h('p', { id: `${inputId}-help` },
      'This mock was started with an admin token (',
      h('code', {}, '--admin-token'),
      '): enter it to see and change its state. The page keeps it for this tab only (session storage) and sends it as ',
      h('code', {}, 'Authorization: Bearer …'),
      '.'),
    options.reason ? h('p', { class: 'warn-text' }, options.reason) : null,
    form,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (token === '') {
      error.hidden = false;
      fill(error, h('p', {}, 'Enter the admin token.'));
      input.focus();
      return;
    }
    submit.disabled = true;
    void options.check(token).then((problem) => {
      submit.disabled = false;
      if (problem === undefined) return options.accepted(token);
      error.hidden = false;
      fill(error, h('p', {}, problem));
      input.select();
      input.focus();
    });
  });
  fill(root, section);
  input.focus();
}
