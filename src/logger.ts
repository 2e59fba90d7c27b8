/**
 * pino logger: JSON lines by default, `pino-pretty` for humans (`--pretty`).
 *
 * The command line writes its JSON lines through a buffer (`buffered`): one write per request
 * line would stop the server for a system call on every request. Lines are gathered as text until
 * they make `BATCH_CHARS` (or for `FLUSH_MS` at most), then written as one text: one write per
 * batch, not per line. Where that write goes depends on the output:
 * - a regular file (`> server.log`): written at once, synchronously. A file takes a batch in one
 *   system call and never makes its writer wait for a reader; written on another thread instead,
 *   each batch cost more (the hand-over, and a copy of its text). A file system that stalls (a
 *   hung network mount) stalls the server with it: README says to log through a pipe there.
 * - anything else (a terminal, a pipe, a socket): handed to pino's SonicBoom, which writes each
 *   batch asynchronously as soon as its previous write has ended, and holds what waits meanwhile,
 *   so a slow reader never stops the server (past `maxBufferedBytes`, lines are dropped and
 *   counted). `flushLogs` writes out the rest before the process exits, so no line is lost.
 */
import { fstatSync, writeSync } from 'node:fs';
import pino, { type Logger, type LevelWithSilent } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * A batch: about seventy request lines (characters; bytes for the ASCII of JSON lines). 16 KiB rather
 * than 4: 1–2 % more requests per second under load, head to head (fewer writes); 64 gains no more.
 */
const BATCH_CHARS = 16384;
/** The longest a line waits in its batch when traffic is light (ms). */
const FLUSH_MS = 100;
/** Held at most while the output is slower than the logs (a reader that stalls): memory stays bounded. */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface LoggerOptions {
  readonly level?: LevelWithSilent;
  readonly pretty?: boolean;
  /** A stream to write to, synchronously, instead of standard output. */
  readonly destination?: NodeJS.WritableStream;
  /**
   * JSON lines written to a file descriptor (`fd`, default 1: standard output) in batches: to a
   * regular file synchronously, to anything else asynchronously; `flushLogs` waits until all is
   * written, and on exit what still waits is written synchronously.
   */
  readonly buffered?: boolean;
  readonly fd?: number;
  /**
   * Buffered, to anything but a regular file: bytes held at most while the output does not keep up
   * (default 16 MiB). Lines past it are dropped, and a warning says how many once the output has
   * caught up.
   */
  readonly maxBufferedBytes?: number;
}

type Stream = ReturnType<typeof pino.destination>;

/**
 * What a buffered logger writes through: lines gathered into batches, and the stream that writes
 * them. `send` hands the batch to the stream; the flush functions find it here.
 */
class Batches {
  #lines: string[] = [];
  #chars = 0;
  readonly #timer: NodeJS.Timeout;
  /** Lines a failed write to the file lost, not reported yet. */
  #lost = 0;
  /** A failed write to the file left it in the middle of a line: the next write ends that line first. */
  #cut = false;
  /** Closed (`closeLogs`): lines are dropped; the descriptor may already be another file's. */
  #closed = false;

  /**
   * `fd`: the stream's file descriptor; `size`: the characters that make a batch (smaller than the
   * stream may hold, or none would fit); `toFile`: the output is a regular file, written directly;
   * `onLost`: told how many lines failed writes to the file lost, once a write succeeds again.
   */
  constructor(readonly stream: Stream, readonly fd: number, readonly size: number, readonly toFile: boolean, readonly onLost: (lines: number) => void) {
    // Light traffic: a line waits FLUSH_MS at most. Unref'd: the timer keeps no process alive.
    this.#timer = setInterval(() => this.send(), FLUSH_MS).unref();
    if (live.size === 0) process.on('exit', flushLive);
    live.add(this);
  }

  /** pino's destination: a line of text. */
  write(line: string): void {
    this.#lines.push(line);
    this.#chars += line.length;
    if (this.#chars >= this.size) this.send();
  }

  /** pino's `logger.flush(cb)`: the batch handed over, `cb` once the stream has written everything. */
  flush(cb?: (err?: Error) => void): void {
    this.send();
    this.stream.flush(cb);
  }

  /** The text waiting in the batch, taken out of it. */
  take(): string {
    const text = this.#lines.length === 1 ? this.#lines[0] : this.#lines.join('');
    this.#lines = [];
    this.#chars = 0;
    return text;
  }

  /** Writes what waits to the file, or hands it to the stream (dropped once the stream is closed), as one text. */
  send(): void {
    if (this.#closed) {
      this.take();
      return;
    }
    if (this.toFile) {
      // A write that goes through after lost ones adds its warning to the batch: written too.
      while (this.#chars > 0) this.#writeToFile(this.take());
      return;
    }
    if (this.#chars === 0) return;
    try {
      this.stream.write(this.take());
    } catch {
      // The stream is closed: there is nowhere left to write to.
    }
  }

  /**
   * One batch written to the file, synchronously. A file takes the whole text in one call unless it
   * cannot (a full disk, a size limit): what it did not take is lost, and counted, line by line (a
   * line cut short counts as lost, and the next write that goes through starts on a line of its own).
   */
  #writeToFile(batch: string): void {
    const text = this.#cut ? `\n${batch}` : batch;
    let bytes: Buffer | undefined;
    let written = 0;
    try {
      written = writeSync(this.fd, text);
      const length = Buffer.byteLength(text);
      if (written < length) {
        // Rare: the file took part of it (a signal, a limit reached); the rest follows, as bytes.
        bytes = Buffer.from(text);
        while (written < length) {
          const more = writeSync(this.fd, bytes, written);
          if (more === 0) throw new Error('the file takes no more');
          written += more;
        }
      }
    } catch {
      bytes ??= Buffer.from(text);
      // Not a line of its own: the newline that ends a cut line.
      const ender = this.#cut && written === 0 ? 1 : 0;
      this.#lost += linesIn(bytes.subarray(written)) - ender;
      if (written > 0) this.#cut = bytes[written - 1] !== NEWLINE;
      return;
    }
    this.#cut = false;
    this.#written();
  }

  /** A write went through: lines lost before it are reported (a warning, in the batch). */
  #written(): void {
    if (this.#lost === 0) return;
    const lines = this.#lost;
    this.#lost = 0;
    this.onLost(lines);
  }

  /**
   * Writes out everything at once, synchronously: what the stream holds, then the batch. A write
   * the stream has under way is left to finish on its own.
   */
  flushSync(): void {
    // To a file, sending is writing, synchronously (lost lines counted and reported as ever).
    if (this.toFile || this.#closed) return this.send();
    try {
      this.stream.flushSync();
      if (this.#chars > 0) writeNowSync(this.fd, this.take());
    } catch {
      // The output is closed or broken: there is nowhere left to write to.
    }
  }

  stop(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    live.delete(this);
    if (live.size === 0) process.off('exit', flushLive);
  }
}
const batchesOf = new WeakMap<Logger, Batches>();

/**
 * Buffered loggers not closed: whatever way the process ends (the event loop runs dry,
 * `process.exit`, an uncaught exception), their lines are written out on `exit` (one listener
 * while there are any).
 */
const live = new Set<Batches>();
function flushLive(): void {
  for (const batches of live) batches.flushSync();
}

const NEWLINE = 0x0a;

/** The lines in a text or its bytes (its newlines). */
function linesIn(text: string | Buffer): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Writes `text` to `fd` now, waiting out a full pipe (EAGAIN) for a second at most. */
function writeNowSync(fd: number, text: string): void {
  let bytes = Buffer.from(text);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let tries = 0; bytes.length > 0;) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN' || ++tries > 1000) throw err;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

const base = (options: LoggerOptions) => ({
  level: options.level ?? 'info',
  // Never log credentials, whoever adds a field later.
  redact: { paths: ['req.headers.authorization', 'req.headers["x-auth-token"]', 'headers.authorization', 'headers["x-auth-token"]'], censor: '[redacted]' },
});

/** Loggers made here: pino's default line format (level number, epoch time, pid and hostname). */
const ours = new WeakSet<Logger>();

/** pino-pretty is loaded only when asked for: it costs start-up time. */
export async function createLogger(options: LoggerOptions = {}): Promise<Logger> {
  let logger: Logger;
  if (options.pretty) {
    const { default: pretty } = await import('pino-pretty');
    logger = pino(base(options), pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: options.destination ?? 1, sync: true }));
  } else if (options.buffered && !options.destination) logger = bufferedLogger(options);
  else logger = options.destination ? pino(base(options), options.destination as pino.DestinationStream) : pino(base(options));
  ours.add(logger);
  return logger;
}

/** What the line of one answered request says. */
export interface RequestLine {
  readonly reqId: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly op?: string;
  readonly caller?: string;
  readonly rule?: string;
  readonly ms: number;
}

const INFO = 30;

/**
 * The writer of the one line per request, at info. For a logger made here the line is put
 * together as text and handed to the logger's destination: the JSON `logger.info(fields,
 * 'request')` writes, byte for byte, for a fraction of its cost (measured under load, pino's
 * general object walk took a sixth of the server's time per request). Any other logger (an embedding app's, with a format of its own) gets
 * `logger.info`. Absent fields are left out, as pino leaves out undefined.
 */
export function requestLineWriter(logger: Logger): (line: RequestLine) => void {
  if (!ours.has(logger)) return (line) => logger.info(line, 'request');
  const stream = (logger as unknown as Record<symbol, { write(text: string): unknown }>)[pino.symbols.streamSym];
  const bindings = (logger as unknown as Record<symbol, string>)[pino.symbols.chindingsSym];
  const str = JSON.stringify;
  return (line) => {
    if (logger.levelVal > INFO) return;
    // Request ids (hex), methods (HTTP tokens) and operation names need no escaping; the rest may.
    stream.write(`{"level":${INFO},"time":${Date.now()}${bindings},"reqId":"${line.reqId}","method":"${line.method}","url":${str(line.url)},"status":${line.status}`
      + `${line.op === undefined ? '' : `,"op":"${line.op}"`}${line.caller === undefined ? '' : `,"caller":${str(line.caller)}`}`
      + `${line.rule === undefined ? '' : `,"rule":${str(line.rule)}`},"ms":${Number.isFinite(line.ms) ? line.ms : null},"msg":"request"}\n`);
  };
}

function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

function bufferedLogger(options: LoggerOptions): Logger {
  const maxLength = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const fd = options.fd ?? 1;
  const stream = pino.destination({
    dest: fd,
    sync: false,
    // Batches come already gathered: each is written as soon as the write before it has ended
    // (1, not 0: at 0 the stream's flush() does nothing, and `flushLogs` relies on it).
    minLength: 1,
    maxLength,
    // Held as text, turned into bytes by each write. (Held as bytes, each batch would be a buffer
    // of its own: measured under load, memory outside the heap grew by 25 MB in a minute.)
    contentMode: 'utf8',
  });
  const batches = new Batches(stream, fd, Math.max(1, Math.min(BATCH_CHARS, Math.floor(maxLength / 4))), isRegularFile(fd), (lines) => {
    logger.warn({ lost: lines }, `${lines} log lines lost: the log file could not be written`);
  });
  const logger = pino(base(options), batches);
  batchesOf.set(logger, batches);
  let dropped = 0;
  // The stream drops what would take it past maxLength: a whole batch, each line counted.
  stream.on('drop', (batch: string) => {
    dropped += linesIn(batch);
  });
  // 'drain': everything handed to the stream is written: the output keeps up again.
  stream.on('drain', () => {
    if (dropped === 0) return;
    const lines = dropped;
    dropped = 0;
    logger.warn({ dropped: lines }, `${lines} log lines dropped: the output did not keep up`);
  });
  return logger;
}

/**
 * Writes out at once what a buffered logger holds, and resolves once it is written (or the
 * output has failed: a closed pipe). Any other logger has nothing to wait for.
 */
export async function flushLogs(logger: Logger): Promise<void> {
  const batches = batchesOf.get(logger);
  if (!batches) return;
  // A flush that finds a write under way, or more than one write's worth waiting, may leave a few
  // lines behind once the writes end ('drain'), and lines logged meanwhile (the warning about
  // dropped lines) wait in the batch: rounds go on, each handing over the batch first, until
  // one finds nothing to write.
  do batches.send();
  while ((await flushRound(batches.stream)) > 0);
}

/** One flush, and the bytes written until the writes have ended (0 on an error: nothing more will go). */
function flushRound(stream: Stream): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    const onWrite = (bytes: number) => {
      written += bytes;
    };
    const done = (err?: unknown) => {
      stream.off('write', onWrite);
      stream.off('drain', done);
      stream.off('error', done);
      resolve(err === undefined ? written : 0);
    };
    stream.on('write', onWrite);
    stream.on('drain', done);
    stream.on('error', done);
    try {
      stream.flush();
    } catch (err) {
      done(err); // the stream is closed
    }
  });
}

/**
 * Writes out what a buffered logger holds, then closes its output (its file descriptor too, unless
 * it is standard output or error). The logger must not be used afterwards.
 */
export async function closeLogs(logger: Logger): Promise<void> {
  const batches = batchesOf.get(logger);
  if (!batches) return;
  await flushLogs(logger);
  batches.stop();
  batchesOf.delete(logger);
  const stream = batches.stream;
  await new Promise<void>((resolve) => {
    stream.once('close', () => resolve());
    stream.once('error', () => resolve());
    stream.end();
  });
}
