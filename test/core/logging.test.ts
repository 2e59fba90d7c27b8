/**
 * Request logging through a buffered destination: the CLI (`node dist/cli.js`, built by
 * `pretest`) stopped by a signal while requests are in flight writes exactly one request line per
 * answered request, to a pipe (asynchronously) and to a file (synchronously); and the buffered
 * logger in-process: lines wait in the batch only briefly, `flushLogs` writes everything out, a
 * file gets each full batch at once and reports lines a failed write lost, a stalled pipe bounds
 * the buffer and says how many lines it dropped.
 */
import t, { type Test } from 'tap';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, writeFileSync, constants } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Logger } from 'pino';
import { closeLogs, createLogger, flushLogs } from '../../src/logger.js';
import { PROJECT } from '../helper.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const ID = '3c49a8e2-4a5b-4f27-9b43-7d4e1d6a0c11';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  /** Request ids of the answered requests. */
  answered: string[];
  /** Requests that got no answer (refused or reset once the server closed). */
  unanswered: number;
  exitCode: number | null;
  stdout: string;
}

/**
 * Starts the CLI at the default log level, sends `total` swaps over `sockets` keep-alive
 * connections, and sends `signal` once `signalAt` of them are answered.
 */
async function loadThenSignal(total: number, sockets: number, signalAt: number, signal: NodeJS.Signals, output: 'pipe' | 'file' = 'pipe'): Promise<Outcome> {
  const file = output === 'file' ? logFile() : undefined;
  const child = spawn(process.execPath, [CLI, '--port', '0'], { stdio: ['ignore', file ? file.fd : 'pipe', 'inherit'] });
  if (file) closeSync(file.fd);
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line; got: ${file ? file.text() : stdout}`)), 10_000);
    const look = (text: string) => {
      const m = /listening on (http:\/\/[^"]+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
      return m !== null;
    };
    if (file) {
      const poll = setInterval(() => {
        if (look(file.text())) clearInterval(poll);
      }, 10);
      child.once('exit', () => clearInterval(poll));
    } else {
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (chunk: string) => {
        stdout += chunk;
        look(stdout);
      });
    }
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const url = new URL(`/v1.0/${PROJECT}/instances/${ID}/swap`, base);
  const answered: string[] = [];
  let unanswered = 0;
  let signalled = false;
  const one = () => new Promise<void>((resolve) => {
    const req = request(url, { method: 'PUT', agent }, (res) => {
      res.resume();
      res.on('end', () => {
        answered.push(String(res.headers['x-request-id']));
        if (!signalled && answered.length >= signalAt) {
          signalled = true;
          child.kill(signal);
        }
        resolve();
      });
      res.on('error', () => {
        unanswered++;
        resolve();
      });
    });
    req.on('error', () => {
      unanswered++;
      resolve();
    });
    req.end();
  });
  await Promise.all(Array.from({ length: total }, one));
  agent.destroy();
  const exitCode = await exited;
  return { answered, unanswered, exitCode, stdout: file ? file.text() : stdout };
}

function checkLines(t: Test, outcome: Outcome, signal: string): void {
  t.equal(outcome.exitCode, 0, 'clean exit');
  const lines = outcome.stdout.split('\n');
  t.equal(lines.pop(), '', 'the output ends with a whole line');
  const parsed = lines.map((l) => JSON.parse(l) as { msg: string; reqId?: string; signal?: string });
  const logged = parsed.filter((l) => l.msg === 'request').map((l) => String(l.reqId));
  t.ok(outcome.answered.length > 0, `some requests were answered (${outcome.answered.length}; ${outcome.unanswered} not)`);
  t.equal(logged.length, outcome.answered.length, 'as many request lines as answered requests');
  t.equal(new Set(logged).size, logged.length, 'no request line twice');
  const missing = outcome.answered.filter((id) => !logged.includes(id));
  t.same(missing, [], 'every answered request has its line');
  t.ok(parsed.some((l) => l.msg === 'shutting down' && l.signal === signal), `the "shutting down" line names ${signal}`);
}

t.test('SIGTERM under load: exit 0, and exactly one request line per answered request', async (t) => {
  const outcome = await loadThenSignal(3000, 64, 1000, 'SIGTERM');
  checkLines(t, outcome, 'SIGTERM');
  t.ok(outcome.answered.length >= 1000, 'the signal came with requests in flight');
});

t.test('SIGINT under load: the same', async (t) => {
  const outcome = await loadThenSignal(600, 32, 200, 'SIGINT');
  checkLines(t, outcome, 'SIGINT');
});

t.test('SIGTERM under load, the output a file (written synchronously): the same', async (t) => {
  const outcome = await loadThenSignal(3000, 64, 1000, 'SIGTERM', 'file');
  checkLines(t, outcome, 'SIGTERM');
  t.ok(outcome.answered.length >= 1000, 'the signal came with requests in flight');
});

/** A file to log into, its descriptor, and what it holds. */
function logFile(): { fd: number; text: () => string } {
  const file = join(mkdtempSync(join(tmpdir(), 'hw-mock-log-')), 'out.log');
  return { fd: openSync(file, 'w'), text: () => readFileSync(file, 'utf8') };
}

/**
 * A pipe to log into (a FIFO that `cat` copies into a file as it comes), its write end, and what
 * has come through so far.
 */
function logPipe(t: Test): { fd: number; text: () => string } {
  const dir = mkdtempSync(join(tmpdir(), 'hw-mock-pipe-'));
  const fifo = join(dir, 'pipe');
  const file = join(dir, 'out.log');
  execFileSync('mkfifo', [fifo]);
  const cat = spawn('sh', ['-c', 'exec cat "$0" > "$1"', fifo, file], { stdio: 'ignore' });
  t.teardown(() => {
    cat.kill();
  });
  // Opening the write end waits for the reader to open the other.
  return { fd: openSync(fifo, 'w'), text: () => readFileSync(file, 'utf8') };
}

/** Waits until `text()` holds `lines` lines (a pipe's reader may lag behind), or two seconds. */
async function linesOf(text: () => string, lines: number): Promise<string[]> {
  const read = () => text().split('\n').slice(0, -1);
  const deadline = Date.now() + 2000;
  let got = read();
  while (got.length < lines && Date.now() < deadline) {
    await sleep(10);
    got = read();
  }
  return got;
}

/** At the end of the test, the logger stops (its periodic flush too) and closes its descriptor. */
const closeAtEnd = (t: Test, logger: Logger) => t.teardown(() => closeLogs(logger));

t.test('buffered: a line waits in the buffer, briefly; flushLogs writes out everything before it resolves', async (t) => {
  const out = logFile();
  const logger = await createLogger({ buffered: true, fd: out.fd });
  closeAtEnd(t, logger);
  logger.info({ n: 0 }, 'first');
  t.equal(out.text(), '', 'not written at once');
  const deadline = Date.now() + 2000;
  while (out.text() === '' && Date.now() < deadline) await sleep(20);
  t.match(out.text(), /"n":0,"msg":"first"\}\n$/, 'written without more traffic, within the flush interval');

  for (let n = 1; n <= 5000; n++) logger.info({ n }, 'line');
  await flushLogs(logger);
  const lines = out.text().trimEnd().split('\n').map((l) => JSON.parse(l) as { n: number });
  t.equal(lines.length, 5001, 'every line written once flushLogs resolved');
  t.ok(lines.every((l, i) => l.n === i), 'in order');
  await flushLogs(logger);
  t.equal(out.text().trimEnd().split('\n').length, 5001, 'a flush with nothing buffered writes nothing');
});

t.test('buffered, to a pipe: a line waits in the buffer, briefly; flushLogs hands everything to the pipe before it resolves', async (t) => {
  const out = logPipe(t);
  const logger = await createLogger({ buffered: true, fd: out.fd });
  closeAtEnd(t, logger);
  logger.info({ n: 0 }, 'first');
  await sleep(20);
  t.equal(out.text(), '', 'not written at once');
  t.match((await linesOf(out.text, 1)).join('\n'), /"n":0,"msg":"first"\}$/, 'written without more traffic, within the flush interval');

  for (let n = 1; n <= 5000; n++) logger.info({ n }, 'line');
  // The first batch's write may end on its thread meanwhile; each next one starts from its callback.
  t.ok(out.text().length < 2 * 16384, 'full batches (16 KiB) are written asynchronously: one at most yet');
  await flushLogs(logger);
  const lines = (await linesOf(out.text, 5001)).map((l) => JSON.parse(l) as { n: number });
  t.equal(lines.length, 5001, 'every line written once flushLogs resolved');
  t.ok(lines.every((l, i) => l.n === i), 'in order');
});

t.test('buffered, to a regular file: a full batch is written at once, synchronously', async (t) => {
  const out = logFile();
  const logger = await createLogger({ buffered: true, fd: out.fd });
  closeAtEnd(t, logger);
  // About 80 characters a line: three batches of 16 KiB and a part.
  for (let n = 0; n < 700; n++) logger.info({ n }, 'line');
  // No await since the first line: a write on another thread could not have happened yet.
  const text = out.text();
  t.ok(text.length >= 2 * 16384, `two batches or more written (${text.length} characters)`);
  t.ok(text.endsWith('\n'), 'whole lines');
  const written = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { n: number });
  t.ok(written.length < 700, 'the last lines wait for their batch to fill (or the flush interval)');
  t.ok(written.every((l, i) => l.n === i), 'in order');
  await flushLogs(logger);
  t.equal(out.text().trimEnd().split('\n').length, 700, 'the rest written by flushLogs');
});

const prlimit = spawnSync('prlimit', ['--version']).status === 0;
// A fresh object each time: tap writes into a test's options.
const needsPrlimit = () => ({ skip: prlimit ? false : 'needs prlimit (util-linux) to limit the file size' });

/**
 * Runs `lines` (a module) in a child process (tsx) with `log`, a buffered logger writing to `out`
 * (a file) and `limit(bytes | 'unlimited')`, which sets the process's file size limit: writes past
 * it fail (EFBIG) as on a full disk (ENOSPC), once the signal that goes with them is ignored.
 */
function withFileLimit(t: Test, lines: string[]): { out: string; raw: Buffer; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hw-mock-full-'));
  const out = join(dir, 'out.log');
  const script = join(dir, 'child.mts');
  const logger = fileURLToPath(new URL('../../src/logger.ts', import.meta.url));
  writeFileSync(script, [
    `process.on('SIGXFSZ', () => {});`,
    `import { execFileSync } from 'node:child_process';`,
    `import { openSync, readFileSync } from 'node:fs';`,
    `import { Writable } from 'node:stream';`,
    `import { closeLogs, createLogger, flushLogs } from ${JSON.stringify(logger)};`,
    `const out = ${JSON.stringify(out)};`,
    `const log = await createLogger({ buffered: true, fd: openSync(out, 'a') });`,
    `const limit = (bytes) => execFileSync('prlimit', ['--pid', String(process.pid), \`--fsize=\${bytes}:unlimited\`]);`,
    ...lines,
  ].join('\n'));
  const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
  t.equal(child.status, 0, `the process went on and ended normally ${child.stderr}`);
  const raw = readFileSync(out);
  return { out: raw.toString('utf8'), raw, stdout: child.stdout };
}

/** Each line of a log's text: its JSON, or the text itself when it is not JSON (a line cut short). */
const parseLines = (text: string) => text.trimEnd().split('\n').map((l): { msg?: string; lost?: number; n?: number } | string => {
  try {
    return JSON.parse(l) as { msg: string };
  } catch {
    return l;
  }
});

t.test('buffered, to a regular file that refuses writes for a while: lines are lost, counted, the line cut short ends there, and the count is logged once writes go through again', needsPrlimit(), async (t) => {
  // 400 lines of about 100 characters, the file limited to 16 KiB; then the limit lifted (space freed).
  const { out } = withFileLimit(t, [
    `limit(16384);`,
    `for (let n = 0; n < 400; n++) log.info({ n, pad: 'x'.repeat(40) }, 'line');`,
    `await new Promise((r) => setTimeout(r, 150));`,
    `limit('unlimited');`,
    `log.info('after');`,
    `await closeLogs(log);`,
  ]);
  const lines = parseLines(out);
  const written = lines.filter((l) => typeof l === 'object' && l.msg === 'line').length;
  const cut = lines.filter((l) => typeof l === 'string');
  t.ok(written > 0 && written < 400, `some lines were written before the limit (${written})`);
  t.ok(cut.length <= 1, 'at most one line cut short');
  t.ok(cut.every((l) => !l.includes('"msg":"after"') && !l.includes('lost')), 'the next line is not glued to it');
  const tail = lines.slice(-2) as { msg: string; lost: number }[];
  t.same(tail.map((l) => l.msg), ['after', `${400 - written} log lines lost: the log file could not be written`], 'the next line, then the warning');
  t.equal(tail[1].lost, 400 - written, 'lines written + lines lost = lines logged');
});

t.test('buffered, to a regular file: a line of multi-byte characters cut short where its bytes reach its length in characters is lost, not taken as written', needsPrlimit(), async (t) => {
  // The line's length is measured by a logger of the same format; the file may take that many bytes.
  const { out, raw, stdout } = withFileLimit(t, [
    `let sample = '';`,
    `const measure = await createLogger({ destination: new Writable({ write(c, _e, cb) { sample += c; cb(); } }) });`,
    `measure.info({ n: 1 }, 'é'.repeat(500));`,
    `limit(sample.length);`,
    `log.info({ n: 1 }, 'é'.repeat(500));`,
    `await flushLogs(log);`,
    `limit('unlimited');`,
    `log.info('after');`,
    `await closeLogs(log);`,
    `process.stdout.write(String(sample.length));`,
  ]);
  t.equal(raw.indexOf(0x0a), Number(stdout), 'the file took as many bytes as the line has characters');
  const lines = parseLines(out);
  t.type(lines[0], 'string', 'the line cut short');
  t.same(lines.slice(1).map((l) => (typeof l === 'string' ? l : l.msg)), ['after', '1 log lines lost: the log file could not be written'], 'then, on lines of their own, the next line and the warning');
});

t.test('buffered, closed: lines logged afterwards are dropped, not written to the descriptor number (another file may have it by then)', async (t) => {
  const first = logFile();
  const logger = await createLogger({ buffered: true, fd: first.fd });
  logger.info('before');
  await closeLogs(logger);
  const second = logFile();
  t.equal(second.fd, first.fd, 'the descriptor number is taken again');
  t.teardown(() => closeSync(second.fd));
  for (let n = 0; n < 100; n++) logger.info({ n, pad: 'x'.repeat(40) }, 'after close');
  logger.flush();
  await sleep(150);
  t.equal(second.text(), '', 'nothing written into the other file');
  t.match(first.text(), /"msg":"before"\}\n$/, 'the lines before closing are written');
});

t.test('closeLogs writes out what is buffered, then closes the descriptor', async (t) => {
  const out = logFile();
  const logger = await createLogger({ buffered: true, fd: out.fd });
  for (let n = 0; n < 10; n++) logger.info({ n }, 'line');
  await closeLogs(logger);
  t.equal(out.text().trimEnd().split('\n').length, 10, 'every line written');
  t.throws(() => fstatSync(out.fd), { code: 'EBADF' }, 'the descriptor is closed');
  await closeLogs(logger);
  t.pass('closing again does nothing');
});

t.test('a logger that is not buffered: flushLogs has nothing to do', async (t) => {
  const logger = await createLogger({ level: 'silent' });
  await flushLogs(logger);
  t.pass('resolved');
});

t.test('buffered, the output stalled: the buffer stays bounded, and a warning counts the lines dropped', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'hw-mock-fifo-'));
  const fifo = join(dir, 'out');
  execFileSync('mkfifo', [fifo]);
  // A reader that reads nothing until told: the pipe (64 KiB) fills, then the logger's buffer.
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  t.teardown(() => closeSync(reader));
  const maxBufferedBytes = 32 * 1024;
  const logger = await createLogger({ buffered: true, fd: openSync(fifo, 'w'), maxBufferedBytes });
  closeAtEnd(t, logger);
  const total = 20_000; // about 2 MB of lines
  for (let n = 0; n < total; n++) logger.info({ n }, 'line');

  // Now read it all, until the warning arrives.
  let text = '';
  const chunk = Buffer.alloc(65536);
  const deadline = Date.now() + 10_000;
  while (!text.includes('log lines dropped') && Date.now() < deadline) {
    try {
      const n = readSync(reader, chunk);
      text += chunk.toString('utf8', 0, n);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      await sleep(10);
    }
  }
  await flushLogs(logger);
  for (;;) {
    try {
      const n = readSync(reader, chunk);
      if (n === 0) break;
      text += chunk.toString('utf8', 0, n);
    } catch {
      break; // EAGAIN: nothing more
    }
  }
  const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as { msg: string; n?: number; dropped?: number });
  const kept = lines.filter((l) => l.msg === 'line');
  const warning = lines.find((l) => l.msg.endsWith('log lines dropped: the output did not keep up'));
  t.ok(warning, 'a warning line');
  t.ok(warning!.dropped! > 0, `lines were dropped (${warning!.dropped})`);
  t.equal(kept.length + warning!.dropped!, total, 'lines written + lines dropped = lines logged');
  // What was written before the buffer filled (at most one write's worth, 16 KiB) and the buffer.
  const keptBytes = text.split('\n').filter((l) => l.includes('"msg":"line"')).reduce((sum, l) => sum + l.length + 1, 0);
  t.ok(keptBytes <= maxBufferedBytes + 16 * 1024, `no more kept than one write and the buffer hold (${keptBytes} bytes)`);
  t.ok(kept.every((l, i) => i === 0 || l.n! > kept[i - 1].n!), 'the lines kept are in order');
});

/**
 * Runs `body` in a child process (tsx) with a buffered logger writing to a file or to its standard
 * output (a pipe); returns what was written (whatever the exit).
 */
function inChild(body: string, output: 'file' | 'pipe'): string {
  const dir = mkdtempSync(join(tmpdir(), 'hw-mock-exit-'));
  const out = join(dir, 'out.log');
  const script = join(dir, 'child.mts');
  const logger = fileURLToPath(new URL('../../src/logger.ts', import.meta.url));
  const fd = output === 'file' ? `openSync(${JSON.stringify(out)}, 'w')` : '1';
  writeFileSync(script, `import { openSync } from 'node:fs';\nimport { createLogger } from ${JSON.stringify(logger)};\nconst log = await createLogger({ buffered: true, fd: ${fd} });\n${body}\n`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' });
  return output === 'file' ? readFileSync(out, 'utf8') : child.stdout;
}

for (const output of ['file', 'pipe'] as const) {
  t.test(`buffered, to a ${output}, the process ends with lines still in the batch: they are written out on exit`, async (t) => {
    t.match(inChild("log.info('last');", output), /"msg":"last"\}\n$/, 'the event loop ran dry');
    t.match(inChild("log.info('last');\nprocess.exit(0);", output), /"msg":"last"\}\n$/, 'process.exit');
    t.match(inChild("log.info('last');\nsetImmediate(() => { throw new Error('boom'); });", output), /"msg":"last"\}\n$/, 'an uncaught exception');
    t.match(inChild("log.info('last');\nlog.flush(() => { log.info('after flush'); process.exit(0); });", output), /"msg":"last"\}\n.*"msg":"after flush"\}\n$/, "pino's flush(cb) writes the batch out before cb");
    // Enough to fill batches: what the stream holds at exit is written out too.
    const many = inChild("for (let n = 0; n < 2000; n++) log.info({ n }, 'line');\nprocess.exit(0);", output).trimEnd().split('\n');
    t.equal(many.length, 2000, 'every line of several batches, on process.exit');
    t.ok(many.every((l, i) => (JSON.parse(l) as { n: number }).n === i), 'in order');
  });
}

t.test('buffered, to a pipe, a small maxBufferedBytes: batches fit in it, and an output that keeps up drops nothing', async (t) => {
  const out = logPipe(t);
  const logger = await createLogger({ buffered: true, fd: out.fd, maxBufferedBytes: 1024 });
  closeAtEnd(t, logger);
  // About 100 characters a line, a millisecond between lines (the writes keep up): a batch of
  // 16 KiB (the usual size) would never fit in 1 KiB, and would be dropped whole.
  for (let n = 0; n < 200; n++) {
    logger.info({ n }, 'line');
    await sleep(1);
  }
  await flushLogs(logger);
  const lines = (await linesOf(out.text, 200)).map((l) => JSON.parse(l) as { msg: string });
  t.equal(lines.filter((l) => l.msg === 'line').length, 200, 'every line written');
  t.notOk(lines.some((l) => l.msg.includes('dropped')), 'no warning');
});
