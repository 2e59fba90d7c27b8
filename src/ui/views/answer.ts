/**
 * The answer panel of a service section: the last emulated call made from the page, with its
 * status, request id, time and body (pretty-printed when it is JSON).
 */
import { type CallAnswer } from '../api.js';
import { badge, fill, h } from '../dom.js';

export function createAnswerPanel(): { el: HTMLElement; show(answer: CallAnswer): void } {
  const body = h('pre', { class: 'answer-body' });
  const head = h('p', { class: 'answer-head' }, 'No call made from this page yet.');
  const el = h('div', { class: 'answer', role: 'status', 'aria-live': 'polite' }, head, body);
  body.hidden = true;
  return {
    el,
    show(answer) {
      const tone = answer.status === 0 ? 'bad' : answer.status < 300 ? 'ok' : answer.status < 500 ? 'warn' : 'bad';
      fill(
        head,
        h('span', { class: 'answer-title' }, 'Last call: '),
        h('code', {}, `${answer.method} ${answer.path}`),
        ' → ',
        badge(answer.status === 0 ? 'no answer' : String(answer.status), tone),
        h('span', { class: 'muted' }, ` ${answer.ms} ms${answer.requestId ? ` · request ${answer.requestId}` : ''}`),
      );
      body.textContent = pretty(answer.body) || '(empty body)';
      body.hidden = false;
    },
  };
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
