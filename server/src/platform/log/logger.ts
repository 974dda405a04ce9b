import { pino, type Logger } from 'pino';

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

export function createLogger(level: string, name = 'onecity'): Logger {
  return pino({ name, level, redact: { paths: redactedPaths, censor: '[masked]' } });
}

export type { Logger };
