/**
 * The scenario: its name and source, reset (everything, or one project), and loading another
 * one pasted as YAML (`PUT /_mock/scenario`, all or nothing): a refused one lists the loader's
 * issues with their paths, and the running scenario stays as it was.
 */
import { type AdminApi } from '../api.js';
import { fill, h, shortId, uid } from '../dom.js';
import { type Live } from '../live.js';
import { checkedEditor } from './issues.js';
import { type Status } from './status.js';

export function mountScenario(root: HTMLElement, live: Live, api: AdminApi, status: Status): void {
  const headingId = uid('scenario-title');
  const name = h('dd', { class: 'scenario-name' });
  const source = h('dd', { class: 'scenario-source' });
  const projectId = uid('reset-project');
  const project = h('select', { id: projectId });

  const reset = async (which?: string) => {
    try {
      await api.reset(which);
      status.info(which ? `Project ${which} is back to its initial state.` : 'Everything is back to the scenario\'s initial state.');
    } catch (err) {
      status.error(err);
    }
  };

  const { form: load } = checkedEditor({
    className: 'scenario-load',
    label: 'Scenario (YAML)',
    button: 'Load scenario',
    rows: 8,
    placeholder: 'name: my-scenario\nprojects:\n  - id: <32 hex>\n    …',
    send: (text) => {
      if (text.trim() === '') throw new Error('Paste a scenario first.');
      return api.loadScenario(text).then((answer) => status.info(`Loaded scenario ${answer.loaded}.`));
    },
    refused: () => status.info('The scenario was refused; the running one is unchanged.'),
  });

  fill(root,
    h('h2', { id: headingId }, 'Scenario'),
    h('dl', { class: 'facts' }, h('dt', {}, 'Name'), name, h('dt', {}, 'Source'), source),
    h('div', { class: 'row wrap-row' },
      h('button', { type: 'button', onclick: () => void reset() }, 'Reset everything'),
      h('span', { class: 'inline-field' },
        h('label', { for: projectId }, 'Project'),
        project,
        h('button', { type: 'button', onclick: () => void (project.value && reset(project.value)) }, 'Reset project')),
    ),
    h('details', { class: 'editor' }, h('summary', {}, 'Load another scenario'), load),
  );
  root.setAttribute('aria-labelledby', headingId);

  live.on('state', () => {
    const state = live.state;
    if (!state) return;
    name.textContent = state.scenario.name;
    source.textContent = state.scenario.source.split('/').pop() ?? state.scenario.source;
    source.title = state.scenario.source;
    const chosen = project.value;
    const ids = state.projects.map((p) => p.id);
    if (ids.join() !== [...project.options].map((o) => o.value).join()) {
      project.replaceChildren(...state.projects.map((p) => h('option', { value: p.id }, p.name ? `${p.name} (${shortId(p.id)})` : p.id)));
      if (ids.includes(chosen)) project.value = chosen;
    }
  });
}
