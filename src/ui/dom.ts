/**
 * The dashboard's DOM helpers: elements built from data (never from HTML strings, so nothing a
 * model or a request carries can turn into markup), and a keyed list that updates rows in place
 * so that a control keeps its focus and its value while the data around it changes.
 */

export type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

/**
 * `h('button', { type: 'button', class: 'x', onclick: f }, 'Swap')`. An `on…` function is a
 * listener; `true` sets a boolean attribute, `false`/`null`/`undefined` leave it out; `hidden`,
 * `value` and `checked` are set as properties. Never a `style` attribute (the page's CSP refuses them).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'value' || name === 'checked' || name === 'hidden') (el as unknown as Record<string, unknown>)[name] = value;
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'number' ? String(child) : child);
  }
}

/** Replaces an element's content. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A label and its control, tied by id (every input of the page has one). */
export function field(label: string, control: HTMLElement, hint?: string): HTMLLabelElement {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, hint ? h('span', { class: 'hint' }, hint) : null);
}

/** Text for screen readers only. */
export const srOnly = (text: string): HTMLSpanElement => h('span', { class: 'sr-only' }, text);

/** A status word as a coloured badge (`tone` picks the colour; the text carries the meaning). */
export const badge = (text: string, tone: Tone): HTMLSpanElement => h('span', { class: `badge ${tone}` }, text);
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted';

/** `3c49a8e2-4a5b-…` → `3c49a8e2`: ids are long, their first group tells them apart. */
export const shortId = (id: string): string => id.split('-')[0].slice(0, 12);

/** An id shown short, whole on hover and for screen readers. */
export const idText = (id: string): HTMLElement => h('code', { class: 'id', title: id }, shortId(id));

/** ISO time → `08:00:10.000` (the date is in the header's clock). */
export const timeOfDay = (iso: string): string => iso.slice(11, 23);

/** Distinct ids for labels: `uid('rule-json')` → `rule-json-3`. */
let counter = 0;
export const uid = (prefix: string): string => `${prefix}-${++counter}`;

/** One row (or card) of a keyed list: its element, and how it shows new data. */
export interface Item<T> {
  readonly el: HTMLElement;
  update(value: T): void;
}

/**
 * A list of elements keyed by id: `set(values)` creates the new ones, updates the ones it has
 * (their controls stay in the DOM, so focus and typed values survive), removes the rest, and
 * keeps the values' order.
 */
export class KeyedList<T> {
  readonly #items = new Map<string, Item<T>>();

  constructor(readonly parent: HTMLElement, readonly key: (value: T) => string, readonly create: (value: T) => Item<T>) {}

  set(values: readonly T[]): void {
    const seen = new Set<string>();
    let previous: Element | null = null;
    for (const value of values) {
      const key = this.key(value);
      seen.add(key);
      let item = this.#items.get(key);
      if (!item) {
        item = this.create(value);
        this.#items.set(key, item);
      }
      item.update(value);
      const expected: Element | null = previous ? previous.nextElementSibling : this.parent.firstElementChild;
      if (expected !== item.el) this.parent.insertBefore(item.el, expected);
      previous = item.el;
    }
    for (const [key, item] of this.#items) {
      if (!seen.has(key)) {
        item.el.remove();
        this.#items.delete(key);
      }
    }
  }
}
