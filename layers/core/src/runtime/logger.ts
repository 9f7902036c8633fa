import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout, which FC ships to SLS; LOG_LEVEL tunes verbosity. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', name = process.env.FC_FUNCTION_NAME ?? 'chat'): Logger {
  return pino({
    level,
    base: { fn: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['password', '*.password', 'refreshToken', '*.refreshToken', 'headers.authorization'], censor: '[redacted]' },
  });
}

let root: Logger | undefined;
export function rootLogger(): Logger {
  root ??= createLogger();
  return root;
}
