/**
 * ThingsBoard's device payloads, parsed without trusting them:
 * telemetry is `{"key": value}`, `{"ts": ms, "values": {...}}` or an array of those;
 * attributes are a flat `{"key": value}` object.
 */
export interface RawReading {
  /** Milliseconds since the epoch; null when the device sent none (use the receive time). */
  ts: number | null;
  key: string;
  value: unknown;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; code: string; detail: string };

export const MAX_PAYLOAD_BYTES = 64 * 1024;
export const MAX_READINGS_PER_MESSAGE = 2_000;
const MAX_KEY_LENGTH = 64;

function parseJson(body: Buffer | string): ParseResult<unknown> {
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (size > MAX_PAYLOAD_BYTES) {
    return {
      ok: false,
      code: 'payload_too_large',
      detail: `payload of ${size} bytes exceeds ${MAX_PAYLOAD_BYTES}`,
    };
  }
  if (size === 0) return { ok: false, code: 'malformed_json', detail: 'empty payload' };
  try {
    return { ok: true, value: JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) };
  } catch (error) {
    return { ok: false, code: 'malformed_json', detail: (error as Error).message.slice(0, 200) };
  }
}

const isControl = (code: number) => code < 0x20 || code === 0x7f;

export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) return true;
  return false;
}

/** Text quoted from a device, safe to store: control characters become `?`. */
export function withoutControlCharacters(text: string): string {
  if (!hasControlCharacter(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) out += isControl(text.charCodeAt(i)) ? '?' : text[i];
  return out;
}

const validKey = (key: string) =>
  key.length > 0 && key.length <= MAX_KEY_LENGTH && !hasControlCharacter(key);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseTelemetry(body: Buffer | string): ParseResult<RawReading[]> {
  const parsed = parseJson(body);
  if (!parsed.ok) return parsed;
  const entries = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  if (entries.length === 0) {
    return { ok: false, code: 'wrong_shape', detail: 'an empty array carries no telemetry' };
  }
  const readings: RawReading[] = [];
  for (const [index, entry] of entries.entries()) {
    const where = Array.isArray(parsed.value) ? `item ${index}` : 'payload';
    if (!isPlainObject(entry)) {
      return { ok: false, code: 'wrong_shape', detail: `${where} is not a JSON object` };
    }
    let ts: number | null = null;
    let values: Record<string, unknown> = entry;
    if ('ts' in entry || 'values' in entry) {
      const keys = Object.keys(entry);
      if (keys.some((k) => k !== 'ts' && k !== 'values')) {
        return {
          ok: false,
          code: 'wrong_shape',
          detail: `${where}: with "ts" only "values" may follow`,
        };
      }
      if (typeof entry.ts !== 'number' || !Number.isFinite(entry.ts)) {
        return { ok: false, code: 'wrong_shape', detail: `${where}: "ts" must be milliseconds` };
      }
      if (!isPlainObject(entry.values)) {
        return { ok: false, code: 'wrong_shape', detail: `${where}: "values" must be an object` };
      }
      ts = Math.trunc(entry.ts);
      values = entry.values;
    }
    for (const [key, value] of Object.entries(values)) {
      if (!validKey(key)) {
        return {
          ok: false,
          code: 'wrong_shape',
          detail: `${where}: keys are 1–64 characters without control characters`,
        };
      }
      readings.push({ ts, key, value });
    }
    if (readings.length > MAX_READINGS_PER_MESSAGE) {
      return {
        ok: false,
        code: 'too_many_readings',
        detail: `more than ${MAX_READINGS_PER_MESSAGE} readings in one message`,
      };
    }
  }
  if (readings.length === 0) {
    return { ok: false, code: 'wrong_shape', detail: 'the payload carries no values' };
  }
  return { ok: true, value: readings };
}

export function parseAttributes(body: Buffer | string): ParseResult<Record<string, unknown>> {
  const parsed = parseJson(body);
  if (!parsed.ok) return parsed;
  if (!isPlainObject(parsed.value)) {
    return { ok: false, code: 'wrong_shape', detail: 'attributes are a JSON object' };
  }
  const keys = Object.keys(parsed.value);
  if (keys.length === 0) return { ok: false, code: 'wrong_shape', detail: 'no attributes' };
  if (keys.length > 200) return { ok: false, code: 'wrong_shape', detail: 'over 200 attributes' };
  if (!keys.every(validKey)) {
    return { ok: false, code: 'wrong_shape', detail: 'attribute keys must be 1–64 characters' };
  }
  return { ok: true, value: parsed.value };
}
