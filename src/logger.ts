/**
 * pino logger: JSON lines by default, `pino-pretty` for humans (`--pretty`).
 *
 * The command line writes its JSON lines through a buffer, asynchronously (`buffered`): one
 * synchronous write per request line would stop the server for a system call on every request,
 * and for as long as a slow reader (a terminal, a pipe) takes. Lines wait in the buffer until it
 * holds `BUFFER_BYTES`, or `FLUSH_MS` at most; `flushLogs` writes out the rest before the process
 * exits, so no line is lost.
 */
import pino, { type Logger, type LevelWithSilent } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A write once this much waits (bytes): about fifteen request lines per system call. */
const BUFFER_BYTES = 4096;
/** The longest a line waits in the buffer when traffic is light (ms). */
const FLUSH_MS = 100;
/** Held at most while the output is slower than the logs (a reader that stalls): memory stays bounded. */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

export interface LoggerOptions {
  readonly level?: LevelWithSilent;
  readonly pretty?: boolean;
  /** A stream to write to, synchronously, instead of standard output. */
  readonly destination?: NodeJS.WritableStream;
  /**
   * JSON lines written to a file descriptor (`fd`, default 1: standard output) through a buffer,
   * asynchronously. Call `flushLogs` before `process.exit`.
   */
  readonly buffered?: boolean;
  readonly fd?: number;
  /**
   * Buffered: bytes held at most while the output does not keep up (default 16 MiB). Lines past
   * it are dropped, and a warning says how many once the output has caught up.
   */
  readonly maxBufferedBytes?: number;
}

/** What a buffered logger writes through; the flush functions find it here. */
type Buffered = ReturnType<typeof pino.destination>;
const buffers = new WeakMap<Logger, Buffered>();

const base = (options: LoggerOptions) => ({
  level: options.level ?? 'info',
  // Never log credentials, whoever adds a field later.
  redact: { paths: ['req.headers.authorization', 'req.headers["x-auth-token"]', 'headers.authorization', 'headers["x-auth-token"]'], censor: '[redacted]' },
});

/** pino-pretty is loaded only when asked for: it costs start-up time. */
export async function createLogger(options: LoggerOptions = {}): Promise<Logger> {
  if (options.pretty) {
    const { default: pretty } = await import('pino-pretty');
    return pino(base(options), pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: options.destination ?? 1, sync: true }));
  }
  if (options.buffered && !options.destination) return bufferedLogger(options);
  return options.destination ? pino(base(options), options.destination as pino.DestinationStream) : pino(base(options));
}

function bufferedLogger(options: LoggerOptions): Logger {
  const stream = pino.destination({
    dest: options.fd ?? 1,
    sync: false,
    minLength: BUFFER_BYTES,
    periodicFlush: FLUSH_MS,
    maxLength: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
    // Buffered as bytes: a line is appended in constant time. Buffered as text, each line appended
    // measures the whole text waiting (its UTF-8 length), which costs as much as writing the line.
    contentMode: 'buffer',
  });
  // pino writes text: each line is turned into bytes on the way (SonicBoom's typings say string).
  const bytes: pino.DestinationStream & { flush(cb?: (err?: Error) => void): void } = {
    write: (line: string) => stream.write(Buffer.from(line) as unknown as string),
    flush: (cb) => stream.flush(cb),
  };
  const logger = pino(base(options), bytes);
  buffers.set(logger, stream);
  let dropped = 0;
  stream.on('drop', () => dropped++);
  // 'drain': a write has ended with less than a buffer's worth waiting: the output keeps up again.
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
  const stream = buffers.get(logger);
  if (!stream) return;
  // A flush that finds a write under way, or more than one write's worth waiting, may leave a few
  // lines behind once the writes end ('drain'): rounds go on until one finds nothing to write.
  while ((await flushRound(stream)) > 0);
}

/** One flush, and the bytes written until the writes have ended (0 on an error: nothing more will go). */
function flushRound(stream: Buffered): Promise<number> {
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
 * The same, synchronously: for an `exit` listener, where no callback runs any more. A write
 * already under way is not waited for; `flushLogs` first where the event loop still runs.
 */
export function flushLogsSync(logger: Logger): void {
  const stream = buffers.get(logger);
  if (!stream) return;
  try {
    stream.flushSync();
  } catch {
    // The stream is closed: there is nowhere left to write to.
  }
}

/**
 * Writes out what a buffered logger holds, then closes its output (its file descriptor too, unless
 * it is standard output or error). The logger must not be used afterwards.
 */
export async function closeLogs(logger: Logger): Promise<void> {
  const stream = buffers.get(logger);
  if (!stream) return;
  await flushLogs(logger);
  buffers.delete(logger);
  await new Promise<void>((resolve) => {
    stream.once('close', () => resolve());
    stream.once('error', () => resolve());
    stream.end();
  });
}
