import { describe, expect, it } from 'vitest';
import { checkRow, CsvError, csvRecords, parseCsv } from './device-import.ts';

describe('CSV for bulk provisioning', () => {
  it('parses quotes, escaped quotes, commas and newlines inside quotes, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x, ""y""","line1\nline2"\r\n\r\n3,\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line1\nline2'],
      ['3', ''],
    ]);
    expect(() => parseCsv('a\n"open')).toThrow(CsvError);
  });

  it('maps rows by header and accepts the product alias', () => {
    const { records, unknownColumns } = csvRecords('name,product,colour\nA,p1,red\n');
    expect(records).toEqual([{ name: 'A', productId: 'p1', colour: 'red' }]);
    expect(unknownColumns).toEqual(['colour']);
    expect(() => csvRecords('name,lng\nA,1')).toThrow(/productId/);
  });

  it('checks each field of a row and says which one is wrong', () => {
    expect(
      checkRow(1, { name: 'A', productId: 'p', lng: '121.5', lat: '31.2', tags: 'x;y;x' }),
    ).toMatchObject({
      draft: { name: 'A', location: { lng: 121.5, lat: 31.2 }, tags: ['x', 'y'] },
      errors: [],
    });
    const fields = (input: Record<string, unknown>) =>
      checkRow(7, input).errors.map((e) => e.field);
    expect(fields({ productId: 'p' })).toEqual(['name']);
    expect(fields({ name: 'A', productId: 'p', lng: '121' })).toEqual(['lat']);
    expect(fields({ name: 'A', productId: 'p', lng: '200', lat: '31' })).toEqual(['lng']);
    expect(fields({ name: 'A', productId: 'p', token: 'short' })).toEqual(['token']);
    expect(fields({ name: 'A', productId: 'p', tags: [1] })).toEqual(['tags']);
    expect(checkRow(7, { name: 'A' }).errors[0]).toEqual({
      row: 7,
      field: 'productId',
      message: 'is required',
    });
  });
});
