/**
 * The page's status line (an `aria-live` region): what the last thing done did, or why it was
 * refused, with the server's issues one per line.
 */
import { describeError } from '../api.js';

export interface Status {
  info(message: string): void;
  error(err: unknown): void;
}

export function createStatus(el: HTMLElement): Status {
  const show = (message: string, tone: 'info' | 'error') => {
    el.className = `status ${tone}`;
    el.textContent = message;
  };
  return {
    info: (message) => show(message, 'info'),
    error: (err) => show(describeError(err), 'error'),
  };
}
