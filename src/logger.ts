/** pino logger: JSON lines by default, `pino-pretty` for humans (`--pretty`). */
import pino, { type Logger, type LevelWithSilent } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface LoggerOptions {
  readonly level?: LevelWithSilent;
  readonly pretty?: boolean;
  readonly destination?: NodeJS.WritableStream;
}

/** pino-pretty is loaded only when asked for: it costs start-up time. */
export async function createLogger(options: LoggerOptions = {}): Promise<Logger> {
  const base = {
    level: options.level ?? 'info',
    // Never log credentials, whoever adds a field later.
    redact: { paths: ['req.headers.authorization', 'req.headers["x-auth-token"]', 'headers.authorization', 'headers["x-auth-token"]'], censor: '[redacted]' },
  };
  if (options.pretty) {
    const { default: pretty } = await import('pino-pretty');
    return pino(base, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: options.destination ?? 1, sync: true }));
  }
  return options.destination ? pino(base, options.destination as pino.DestinationStream) : pino(base);
}
