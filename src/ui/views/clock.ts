/**
 * The mock's clock, in the page header: its mode and time, and on a virtual clock the buttons
 * that let time pass (+1 s, +10 s, +1 min, or any number of seconds).
 */
import { type AdminApi } from '../api.js';
import { badge, fill, h, uid } from '../dom.js';
import { type Live } from '../live.js';
import { type Status } from './status.js';

const STEPS: readonly [string, number, string][] = [['+1 s', 1, 'one second'], ['+10 s', 10, 'ten seconds'], ['+1 min', 60, 'one minute']];

/** Shows the clock in `root`; answers the function that stops its ticking. */
export function mountClock(root: HTMLElement, live: Live, api: AdminApi, status: Status): () => void {
  const mode = h('span', { class: 'clock-mode' });
  const time = h('time', { class: 'clock-now' });
  const advance = async (seconds: number) => {
    try {
      const answer = await api.advance(seconds);
      status.info(`Clock advanced ${seconds} s to ${answer.now}: ${answer.transitions_run} transition(s) ran.`);
    } catch (err) {
      status.error(err);
    }
  };
  const customId = uid('advance-seconds');
  const custom = h('input', { id: customId, type: 'number', min: 0, step: 'any', value: '5', inputmode: 'decimal', class: 'seconds' });
  const form = h('form', { class: 'advance-custom' },
    h('label', { for: customId }, 'Seconds'),
    custom,
    h('button', { type: 'submit' }, 'Advance'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const seconds = Number(custom.value);
    if (custom.value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) return status.error(new Error('Seconds: enter a number from 0.'));
    void advance(seconds);
  });
  const controls = h('div', { class: 'advance', role: 'group', 'aria-label': 'Advance the virtual clock' },
    ...STEPS.map(([label, seconds, spoken]) => h('button', { type: 'button', 'aria-label': `Advance ${spoken}`, onclick: () => void advance(seconds) }, label)),
    form,
  );
  const realNote = h('span', { class: 'muted' }, 'real time');
  fill(root, mode, ' ', time, ' ', controls, realNote);

  const render = () => {
    const clock = live.clock;
    if (!clock) return;
    fill(mode, badge(`${clock.mode} clock`, clock.mode === 'virtual' ? 'info' : 'muted'));
    const now = new Date(live.now()).toISOString();
    time.dateTime = now;
    time.textContent = `${now.slice(0, 10)} ${now.slice(11, 23)} UTC`;
    controls.hidden = clock.mode !== 'virtual';
    realNote.hidden = clock.mode === 'virtual';
  };
  live.on('clock', render);
  // A real clock moves on its own: the shown time follows this page's clock between reports.
  const ticker = setInterval(() => {
    if (live.clock?.mode === 'real') render();
  }, 1000);
  return () => clearInterval(ticker);
}
