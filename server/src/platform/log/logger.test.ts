import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { redactedPaths } from './logger.ts';

describe('log masking', () => {
  it('never writes passwords, ID numbers, phone numbers or tokens to the log', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = pino({ redact: { paths: redactedPaths, censor: '[masked]' } }, sink);
    log.info(
      {
        account: {
          username: 'li.hua',
          idNumber: '11010519491231002X',
          phone: '13812345678',
          password: 'Secret2026',
        },
        req: { headers: { authorization: 'Bearer eyJhbGciOi' } },
      },
      'registered',
    );
    const line = lines.join('');
    expect(line).toContain('li.hua');
    for (const secret of ['11010519491231002X', '13812345678', 'Secret2026', 'eyJhbGciOi']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('[masked]');
  });
});
