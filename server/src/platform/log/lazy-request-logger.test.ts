import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LazyRequestLogger } from './lazy-request-logger.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

describe('the lazy request logger', () => {
  it('builds no child until something is logged', () => {
    const { logger } = capture();
    let children = 0;
    const child = logger.child.bind(logger);
    logger.child = ((...args: Parameters<typeof child>) => {
      children++;
      return child(...args);
    }) as typeof logger.child;
    const log = new LazyRequestLogger(logger, { reqId: 'req-1' }, {});
    expect(log.level).toBe('info');
    log.debug('below the level still builds it on call');
    expect(children).toBe(1);
    const unused = new LazyRequestLogger(logger, { reqId: 'req-2' }, {});
    expect(unused.level).toBe('info');
    expect(new LazyRequestLogger(logger, { reqId: 'req-3' }, { level: 'warn' }).level).toBe('warn');
    expect(children).toBe(1);
  });

  it('logs with the request binding, every level and child loggers', async () => {
    const { lines, logger } = capture();
    const log = new LazyRequestLogger(logger, { reqId: 'req-7' }, {});
    log.info({ status: 404 }, 'request');
    log.warn('slow');
    log.error(new Error('boom'));
    log.child({ part: 'x' }).info('from a child');
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => [l.reqId, l.level, l.msg])).toEqual([
      ['req-7', 30, 'request'],
      ['req-7', 40, 'slow'],
      ['req-7', 50, 'boom'],
      ['req-7', 30, 'from a child'],
    ]);
    expect(lines[0]!.status).toBe(404);
    expect(lines[3]!.part).toBe('x');
  });
});
