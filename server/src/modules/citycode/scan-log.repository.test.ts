import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from './scan-log.repository.ts';

const db = await PGlite.create();
afterAll(() => db.close());

describe('array literals for batch writes', () => {
  it('round-trips plain ids unquoted and anything else escaped', async () => {
    const values = [
      'clinic-ruijin-01',
      'OC1',
      '2026-11-22T08:00:00.000Z',
      null,
      'null',
      'NULL',
      '',
      'a,b',
      '{x}',
      'say "hi"',
      'back\\slash',
      ' spaced ',
      '瑞金医院',
    ];
    expect(arrayLiteral(values.slice(0, 3))).toBe(
      '{clinic-ruijin-01,OC1,2026-11-22T08:00:00.000Z}',
    );
    const { rows } = await db.query<{ v: Array<string | null> }>('SELECT $1::text[] AS v', [
      arrayLiteral(values),
    ]);
    expect(rows[0]!.v).toEqual(values);
  });
});
