import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

/**
 * Personal data never reaches the logs: these paths are censored wherever they appear
 * in a logged object (request bodies are not logged at all).
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  '*.password',
  'idNumber',
  '*.idNumber',
  'phone',
  '*.phone',
  'passwordHash',
  '*.passwordHash',
];

export type LogFormat = 'json' | 'pretty';

/** JSON lines for machines (the default when output is not a terminal), readable lines for people. */
export function createLogger(
  level: string,
  format: LogFormat = process.env.ONECITY_LOG_FORMAT === 'json' || !process.stdout.isTTY
    ? process.env.ONECITY_LOG_FORMAT === 'pretty'
      ? 'pretty'
      : 'json'
    : 'pretty',
): Logger {
  const options = { name: 'onecity', level, redact: { paths: redactedPaths, censor: '[masked]' } };
  if (format === 'pretty') {
    return pino(
      options,
      pretty({
        sync: true,
        colorize: process.stdout.isTTY,
        ignore: 'pid,hostname,name',
        translateTime: 'SYS:HH:MM:ss',
      }),
    );
  }
  return pino(options);
}

export type { Logger };
