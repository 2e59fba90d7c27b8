/**
 * README.md's shell examples, run as written against a fresh server, so that the README cannot
 * drift from what the mock answers.
 *
 * - Every ```sh block runs, unless the line before it is `<!-- not run: why -->`.
 * - The blocks of one `##` section run in one bash (variables carry over) against one server,
 *   started fresh for the section with the flags of a `<!-- run: --flag … -->` line before its
 *   first block (none: the defaults). `http://127.0.0.1:8080` stands for that server's address.
 * - `cmd   # → expected` (or `# → expected` on the lines right after a command, one per output line)
 *   is the command's whole standard output, trimmed: `…` stands for any text, `<…>` for a value
 *   (`<job_id>`, `<32 hex>`). Commands without an arrow only have to run.
 */
import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listeningUrl } from './cli-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = `${ROOT}dist/cli.js`;
const ADDRESS = 'http://127.0.0.1:8080';

interface Block {
  readonly section: string;
  readonly line: number;
  readonly text: string;
  readonly run: string[] | null;
  readonly skip: string | null;
}

/** The README's ```sh blocks with their section and the HTML comment before each. */
export function shellBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  let section = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('## ')) section = line.slice(3);
    if (!line.startsWith('```')) continue;
    const info = line.slice(3).trim();
    const start = i;
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    if (info === 'sh') {
      let before = start - 1;
      while (before >= 0 && lines[before].trim() === '') before--;
      const comment = /^<!-- (run|not run): ?(.*?) ?-->$/.exec(lines[before] ?? '');
      blocks.push({
        section,
        line: start + 1,
        text: lines.slice(start + 1, end).join('\n'),
        run: comment?.[1] === 'run' ? comment[2].split(/\s+/).filter(Boolean) : null,
        skip: comment?.[1] === 'not run' ? comment[2] : null,
      });
    }
    i = end;
  }
  return blocks;
}

interface Step {
  readonly command: string;
  readonly line: number;
  readonly expected: string[];
}

/** A block's commands (a line ending in `\` goes on), each with the output its arrows promise. */
export function stepsOf(block: Block): Step[] {
  const steps: Step[] = [];
  const lines = block.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const arrow = /^\s*# → ?(.*)$/.exec(line);
    if (arrow) {
      if (steps.length === 0) throw new Error(`README.md:${block.line + 1 + i}: an arrow before any command`);
      steps[steps.length - 1].expected.push(arrow[1]);
      continue;
    }
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    let command = line;
    const first = i;
    // A line ending in a backslash goes on (bash reads it so too): the lines stay as written.
    while (command.endsWith('\\') && i + 1 < lines.length) command = `${command}\n${lines[++i]}`;
    const trailing = /^(.*?)\s+# → ?(.*)$/.exec(command);
    steps.push(trailing ? { command: trailing[1], line: block.line + 1 + first, expected: [trailing[2]] } : { command, line: block.line + 1 + first, expected: [] });
  }
  return steps;
}

/** `…` any text; `<…>` a value; the rest literally. */
export function matches(expected: string, actual: string): boolean {
  const pattern = expected
    .split(/(…|<[^<>\s][^<>]*>)/)
    .map((part) => (part === '…' ? '[\\s\\S]*?' : /^<.+>$/.test(part) ? '[\\s\\S]+?' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`).test(actual);
}

interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

async function startServer(args: string[]): Promise<Server> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--log-level', 'warn', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await listeningUrl(child);
  return {
    url,
    stop: () => new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

const MARK = '@@readme-step@@';

/** Runs the steps in one bash, each followed by a marker; returns each step's output. */
function runSteps(steps: Step[], url: string, env: Record<string, string>): { outputs: string[]; stderr: string } {
  // A step's output ends at its marker; a failing command does not stop the next ones.
  const script = steps.map((s, i) => `${s.command.split(ADDRESS).join(url)}\nprintf '\\n${MARK}${i}\\n'`).join('\n');
  const result = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  const outputs: string[] = [];
  const parts = result.stdout.split(new RegExp(`\\n${MARK}(\\d+)\\n`));
  for (let i = 0; i + 1 < parts.length; i += 2) outputs[Number(parts[i + 1])] = parts[i].trim();
  return { outputs, stderr: result.stderr };
}

t.test('the helpers read what they should', async (t) => {
  const blocks = shellBlocks('## A\n\n<!-- run: --clock virtual -->\n```sh\ncurl -s x   # → {"a":…,"id":"<id>"}\necho a \\\n  b\n# → a b\n```\n\n<!-- not run: Docker -->\n```sh\ndocker run\n```\n```ts\nnot shell\n```\n');
  t.equal(blocks.length, 2);
  t.same(blocks[0].run, ['--clock', 'virtual']);
  t.equal(blocks[1].skip, 'Docker');
  t.same(stepsOf(blocks[0]).map((s) => [s.command, s.expected]), [['curl -s x', ['{"a":…,"id":"<id>"}']], ['echo a \\\n  b', ['a b']]]);
  t.ok(matches('{"a":…,"id":"<id>"}', '{"a":1,"b":2,"id":"x-1"}'));
  t.notOk(matches('{"a":…,"id":"<id>"}', '{"a":1,"id":""}'), 'a value is never empty');
  t.notOk(matches('200', '204'));
  t.ok(matches('a (b) [c] $d', 'a (b) [c] $d'), 'regex characters are literal');
});

t.test('every shell example of README.md gives the answer written next to it', async (t) => {
  t.equal(spawnSync('jq', ['--version']).status, 0, 'jq is installed (the README uses it)');
  const sections = new Map<string, Block[]>();
  for (const block of shellBlocks(readFileSync(`${ROOT}README.md`, 'utf8'))) {
    if (block.skip) continue;
    sections.set(block.section, [...(sections.get(block.section) ?? []), block]);
  }
  t.ok([...sections.values()].flat().length >= 8, 'the README has runnable examples');
  for (const [section, blocks] of sections) {
    await t.test(section, async (t) => {
      for (const later of blocks.slice(1)) t.equal(later.run, null, `README.md:${later.line}: a run comment only on a section's first block`);
      const server = await startServer(blocks[0].run ?? []);
      t.teardown(() => server.stop());
      // One bash for the section: variables and functions carry from block to block.
      const steps = blocks.flatMap(stepsOf);
      const { outputs, stderr } = runSteps(steps, server.url, {});
      t.equal(outputs.length, steps.length, `every command ran${stderr ? ` (stderr: ${stderr.trim()})` : ''}`);
      for (const [i, step] of steps.entries()) {
        if (step.expected.length === 0) continue;
        const actual = outputs[i] ?? '';
        const expected = step.expected.join('\n');
        t.ok(matches(expected, actual), `README.md:${step.line}: ${step.command.split('\n')[0]}`, { expected, actual });
      }
    });
  }
});
