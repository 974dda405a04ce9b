import { describe, expect, it } from 'vitest';
import { priorityFor, readAttributes } from './attributes.ts';
import { FormBodyError, parseMultipart, parseUrlEncoded } from './form-body.ts';
import { Open311Error } from './open311-error.ts';
import { RateLimiter } from './rate-limiter.ts';
import { serviceOf, servicesOf } from './service-catalog.ts';
import { escapeXml, toXml, xmlList } from './xml.ts';

const parking = serviceOf({
  id: 'E0501',
  kind: 'event',
  bigName: '街面秩序',
  smallName: '电瓶车乱停放',
  defaultPriority: 'normal',
  enabled: true,
})!;

describe('the XML writer', () => {
  it('escapes text, drops characters XML forbids, writes lists and empty elements', () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    const xml = toXml(
      'service_requests',
      xmlList('request', [{ id: 'x&y', notes: null, lat: 31.2 }]),
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request><id>x&amp;y</id><notes/><lat>31.2</lat></request></service_requests>\n',
    );
  });

  it('refuses names that are not XML element names', () => {
    expect(() => toXml('bad name', 'x')).toThrow(/element name/);
  });
});

describe('form bodies', () => {
  it('parses urlencoded fields, repeated ones into arrays', () => {
    const fields = parseUrlEncoded(
      'service_code=E0505&attribute%5Bnoise_time%5D%5B%5D=day&attribute%5Bnoise_time%5D%5B%5D=night&description=%E5%90%B5',
    );
    expect(fields).toEqual({
      service_code: 'E0505',
      'attribute[noise_time][]': ['day', 'night'],
      description: '吵',
    });
  });

  it('parses multipart text fields and refuses file parts', () => {
    const body = (extra: string) =>
      Buffer.from(
        `--XX\r\nContent-Disposition: form-data; name="service_code"\r\n\r\nE0501\r\n${extra}--XX--\r\n`,
      );
    expect(parseMultipart(body(''), 'multipart/form-data; boundary=XX')).toEqual({
      service_code: 'E0501',
    });
    const withFile = body(
      '--XX\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\r\n',
    );
    expect(() => parseMultipart(withFile, 'multipart/form-data; boundary=XX')).toThrow(
      FormBodyError,
    );
    expect(() => parseMultipart(body(''), 'multipart/form-data')).toThrow(/boundary/);
  });
});

describe('services and attributes', () => {
  it('leaves out instrument-found classes and emergencies that need a call', () => {
    const codes = servicesOf([
      {
        ...{ kind: 'event' as const, bigName: '突发事件', defaultPriority: 'urgent' as const },
        id: 'E0404',
        smallName: '燃气泄漏',
        enabled: true,
      },
      {
        ...{ kind: 'event' as const, bigName: '街面秩序', defaultPriority: 'normal' as const },
        id: 'E0501',
        smallName: '电瓶车乱停放',
        enabled: true,
      },
      {
        ...{ kind: 'event' as const, bigName: '街面秩序', defaultPriority: 'normal' as const },
        id: 'E0502',
        smallName: '无照经营游商',
        enabled: false,
      },
    ]).map((s) => s.code);
    expect(codes).toEqual(['E0501']);
  });

  it('checks required attributes and list values', () => {
    expect(() => readAttributes({}, parking)).toThrow(Open311Error);
    expect(() =>
      readAttributes({ 'attribute[severity]': 'huge', 'attribute[blocks_passage]': 'no' }, parking),
    ).toThrow(/severity\] must be one of minor, serious, danger/);
    expect(() =>
      readAttributes(
        {
          'attribute[severity]': 'minor',
          'attribute[blocks_passage]': 'no',
          'attribute[colour]': 'red',
        },
        parking,
      ),
    ).toThrow(/not an attribute of service E0501/);
    const values = readAttributes(
      {
        'attribute[severity]': 'danger',
        'attribute[blocks_passage]': 'yes',
        'attribute[vehicle_count]': '12',
      },
      parking,
    );
    expect(values).toEqual({ severity: 'danger', blocks_passage: 'yes', vehicle_count: '12' });
    expect(priorityFor('normal', values)).toBe('urgent');
    expect(priorityFor('important', { severity: 'minor' })).toBe('important');
  });
});

describe('the rate limiter', () => {
  it('allows the rate per minute in a burst, then asks to wait, then refills', () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    expect([0, 1, 2].map(() => limiter.take('k', 3, t0))).toEqual([0, 0, 0]);
    expect(limiter.take('k', 3, t0)).toBe(20_000);
    expect(limiter.take('k', 3, t0 + 20_000)).toBe(0);
  });
});
