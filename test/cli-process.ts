/**
 * The command line as a child process, for the tests that run it for real (dist/cli.js, built by
 * `npm test`'s pretest): started on a free port until its "listening on" line, or run to its exit.
 */
import { spawn, type ChildProcess, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface Running {
  child: ChildProcessWithoutNullStreams;
  /** The address of its "listening on" line. */
  base: string;
  /** Every line of its standard output so far (it keeps filling). */
  lines: string[];
}

/** The environment of a child: this one's, without HW_MOCK_* variables, plus `env`. */
export function childEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const own = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HW_MOCK_')));
  return { ...own, ...env };
}

/** Starts the CLI on a free port (`--port 0`, then `args`) and resolves at its "listening on" line. */
export async function startCli(args: string[], env?: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { stdio: 'pipe', env: childEnv(env) });
  const lines: string[] = [];
  let buffer = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line; got: ${lines.join('\n')}`)), 10_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        const m = /listening on (https?:\/\/[^"\s]+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  return { child, base, lines };
}

/** Runs the CLI (`--port 0`, then `args`) to its exit: its exit code and what it wrote. */
export function runCli(args: string[], env?: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { stdio: 'pipe', env: childEnv(env) });
    let stderr = '', stdout = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.stdout.on('data', (c) => (stdout += c));
    child.on('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

/** The address of the first "listening on" line a child writes on its standard output (piped). */
export function listeningUrl(child: ChildProcess, timeoutMs = 10_000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (https?:\/\/[^"\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${out}`));
    });
  });
}
