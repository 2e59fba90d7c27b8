/**
 * Fault rules: the list in match order with their counters (seen: calls the rule selected;
 * fired: calls it answered), one-click presets, a JSON editor whose rule the server checks with
 * the schema it checks every rule with (its issues are shown under the editor), and delete.
 */
import { type AdminApi, type RuleView } from '../api.js';
import { type RulePreset } from '../contract.js';
import { fill, h, KeyedList, uid } from '../dom.js';
import { type Live } from '../live.js';
import { checkedEditor } from './issues.js';
import { type Status } from './status.js';

/** Presets that fit any service. */
export const GENERIC_PRESETS: readonly RulePreset[] = [
  { label: 'Delay 2 s ± 500 ms', rule: { action: { delay: { ms: 2000, jitter: 500 } } } },
  { label: 'Drop next call', rule: { times: 1, action: { drop: true } } },
];

const EXAMPLE = JSON.stringify({ operation: '*', times: 1, action: { status: 503 } }, null, 2);

export function mountRules(root: HTMLElement, live: Live, api: AdminApi, status: Status, presets: readonly RulePreset[]): void {
  const headingId = uid('rules-title');
  const tbody = h('tbody');
  const empty = h('p', { class: 'muted empty' }, 'No rules: every call gets the model\'s answer.');

  const add = async (rule: unknown, what: string): Promise<void> => {
    const added = await api.addRule(rule);
    status.info(`Added ${what}: ${added.map((r) => r.id).join(', ')}.`);
  };

  const rows = new KeyedList<RuleView>(tbody, (r) => r.id, (rule) => {
    const cells = { what: h('td'), when: h('td'), seen: h('td', { class: 'num' }), fired: h('td', { class: 'num' }) };
    const remove = h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete rule ${rule.id}` }, 'Delete');
    remove.addEventListener('click', () => {
      remove.disabled = true;
      api.removeRule(rule.id).then(() => status.info(`Deleted rule ${rule.id}.`), (err: unknown) => {
        remove.disabled = false;
        status.error(err);
      });
    });
    const tr = h('tr', { 'data-rule': rule.id },
      h('th', { scope: 'row' }, h('code', { class: 'rule-id' }, rule.id), rule.origin === 'scenario' ? h('span', { class: 'muted small-text' }, ' scenario') : null),
      cells.what, cells.when, cells.seen, cells.fired, h('td', {}, remove));
    return {
      el: tr,
      update(r) {
        fill(cells.what,
          h('div', { class: 'rule-ops' }, ...(Array.isArray(r.operation) ? r.operation : [r.operation ?? '*']).flatMap((o, i) => (i === 0 ? [h('code', {}, o)] : [', ', h('code', {}, o)]))),
          h('div', { class: 'rule-action' }, '→ ', h('code', {}, actionText(r.action))));
        fill(cells.when, conditions(r));
        cells.seen.textContent = String(r.seen);
        cells.fired.textContent = String(r.fired);
      },
    };
  });

  const { form } = checkedEditor({
    className: 'rule-editor',
    label: 'Rule (JSON: one rule object, or a list)',
    button: 'Add rule',
    rows: 6,
    value: EXAMPLE,
    send: (text) => {
      let rule: unknown;
      try {
        rule = JSON.parse(text);
      } catch (err) {
        throw new Error(`Not valid JSON: ${(err as Error).message}`, { cause: err });
      }
      return add(rule, 'the rule');
    },
    refused: () => status.info('The rule was refused; no rule was added.'),
  });

  const presetsId = uid('presets');
  const presetButtons = [...presets, ...GENERIC_PRESETS].map((p) =>
    h('button', { type: 'button', onclick: () => void add(p.rule, `"${p.label}"`).catch(status.error) }, p.label));

  fill(root,
    h('h2', { id: headingId }, 'Fault rules'),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'rules', 'aria-labelledby': headingId },
        h('thead', {}, h('tr', {}, ...['Rule', 'Calls → answer', 'When', 'Seen', 'Fired', ''].map((c, i) =>
          h('th', { scope: 'col', class: i === 3 || i === 4 ? 'num' : undefined }, c || h('span', { class: 'sr-only' }, 'Delete'))))),
        tbody)),
    empty,
    h('h3', { id: presetsId }, 'Add a rule'),
    h('div', { class: 'presets', role: 'group', 'aria-labelledby': presetsId }, ...presetButtons),
    h('details', { class: 'editor' }, h('summary', {}, 'Write a rule as JSON'), form),
  );
  root.setAttribute('aria-labelledby', headingId);
  live.on('rules', () => {
    rows.set(live.rules);
    empty.hidden = live.rules.length > 0;
  });
}

/** `{ dcsCode: "2" }` → `dcsCode: "2"`; `{ delay: { ms, jitter } }` → `delay: {"ms":2000,"jitter":500}`. */
const actionText = (action: Record<string, unknown>): string => Object.entries(action).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ');

function conditions(r: RuleView): string {
  const parts: string[] = [];
  if (r.nth !== undefined) parts.push(`only call #${r.nth}`);
  if (r.after !== undefined) parts.push(`after ${r.after}`);
  if (r.times !== undefined) parts.push(`${r.times} time${r.times === 1 ? '' : 's'}`);
  if (r.probability !== undefined) parts.push(`${Math.round(r.probability * 1000) / 10} %`);
  if (r.project !== undefined) parts.push(`project ${r.project.slice(0, 8)}`);
  if (r.resource !== undefined) parts.push(`resource ${r.resource.split('-')[0]}`);
  return parts.length > 0 ? parts.join(', ') : 'every call';
}
