import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, parseAttributes, parseTelemetry } from './telemetry-payload.ts';

describe('ThingsBoard telemetry payloads', () => {
  it('reads the three shapes', () => {
    expect(parseTelemetry('{"a": 1, "b": "x"}')).toEqual({
      ok: true,
      value: [
        { ts: null, key: 'a', value: 1 },
        { ts: null, key: 'b', value: 'x' },
      ],
    });
    expect(parseTelemetry(Buffer.from('{"ts": 1700000000000.7, "values": {"a": true}}'))).toEqual({
      ok: true,
      value: [{ ts: 1700000000000, key: 'a', value: true }],
    });
    const array = parseTelemetry('[{"ts": 1, "values": {"a": 1}}, {"b": 2}]');
    expect(array.ok && array.value.map((r) => [r.ts, r.key])).toEqual([
      [1, 'a'],
      [null, 'b'],
    ]);
  });

  it('names what is wrong with a bad payload', () => {
    const code = (body: string) => {
      const r = parseTelemetry(body);
      return r.ok ? 'ok' : r.code;
    };
    expect(code('{"a": ')).toBe('malformed_json');
    expect(code('')).toBe('malformed_json');
    expect(code('42')).toBe('wrong_shape');
    expect(code('[]')).toBe('wrong_shape');
    expect(code('{}')).toBe('wrong_shape');
    expect(code('{"ts": "now", "values": {"a": 1}}')).toBe('wrong_shape');
    expect(code('{"ts": 1, "values": {"a": 1}, "extra": 2}')).toBe('wrong_shape');
    expect(code('{"ts": 1, "values": [1]}')).toBe('wrong_shape');
    expect(code('{"a\\u0000": 1}')).toBe('wrong_shape');
    expect(code(JSON.stringify({ a: 'x'.repeat(MAX_PAYLOAD_BYTES) }))).toBe('payload_too_large');
    const many = Object.fromEntries(Array.from({ length: 2001 }, (_, i) => [`k${i}`, i]));
    expect(code(JSON.stringify(many))).toBe('too_many_readings');
  });

  it('takes attributes as one flat object', () => {
    expect(parseAttributes('{"fw": "1.0", "cfg": {"a": 1}}').ok).toBe(true);
    expect(parseAttributes('[{"fw": "1.0"}]').ok).toBe(false);
    expect(parseAttributes('{}').ok).toBe(false);
  });
});
