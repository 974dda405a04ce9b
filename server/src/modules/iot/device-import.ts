import { hasControlCharacter } from './telemetry-payload.ts';

/**
 * Bulk provisioning input: CSV (RFC 4180: quoted fields, "" escapes, CRLF or LF) or JSON
 * rows, turned into checked device drafts and a per-row error report. Pure functions; the
 * registry service adds what needs the database (taken names, products, regions).
 */
export interface ImportError {
  /** 1-based number of the data row (the CSV header is not counted). */
  row: number;
  field: string;
  message: string;
}

export interface DeviceDraft {
  row: number;
  name: string;
  productId: string;
  tags: string[];
  location: { lng: number; lat: number } | null;
  departmentId: string | null;
  token: string | null;
}

export const IMPORT_COLUMNS = ['name', 'productId', 'lng', 'lat', 'tags', 'departmentId', 'token'];
const aliases: Record<string, string> = { product: 'productId', product_id: 'productId' };
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

export class CsvError extends Error {}

/** Parses CSV text into rows of fields; throws CsvError on an unterminated quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a BOM, as Excel writes it
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') endRow();
    else if (c === '\r') {
      if (text[i + 1] !== '\n') endRow();
    } else field += c;
  }
  if (quoted) throw new CsvError('the file ends inside a quoted field');
  if (field !== '' || row.length) endRow();
  return rows;
}

/** CSV text → one record per data row, keyed by the header's column names. */
export function csvRecords(text: string): {
  records: Array<Record<string, string>>;
  unknownColumns: string[];
} {
  const [header, ...body] = parseCsv(text);
  if (!header) throw new CsvError('the file is empty');
  const columns = header.map((h) => {
    const name = h.trim();
    return aliases[name] ?? name;
  });
  if (!columns.includes('name') || !columns.includes('productId')) {
    throw new CsvError(
      `the header must name at least the columns name and productId (got ${columns.join(', ')})`,
    );
  }
  const unknownColumns = columns.filter((c) => !IMPORT_COLUMNS.includes(c));
  const records = body.map((fields) => {
    const record: Record<string, string> = {};
    columns.forEach((column, index) => {
      record[column] = fields[index] ?? '';
    });
    if (fields.length > columns.length) record.__extra = String(fields.length - columns.length);
    return record;
  });
  return { records, unknownColumns };
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function coordinate(value: unknown): number | undefined | null {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Checks one row's own fields (not yet whether the product exists or the name is free). */
export function checkRow(
  row: number,
  input: Record<string, unknown>,
): { draft: DeviceDraft | null; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const fail = (field: string, message: string) => errors.push({ row, field, message });
  const record: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) record[aliases[k] ?? k] = v;
  for (const key of Object.keys(record)) {
    if (key === '__extra') fail('row', `has ${record.__extra} more fields than the header`);
    else if (!IMPORT_COLUMNS.includes(key)) fail(key, 'is not an accepted field');
  }
  const name = text(record.name);
  if (!name) fail('name', 'is required');
  else if (name.length > 100) fail('name', 'must be at most 100 characters');
  else if (hasControlCharacter(name)) fail('name', 'must not contain control characters');
  const productId = text(record.productId);
  if (!productId) fail('productId', 'is required');
  const lng = coordinate(record.lng);
  const lat = coordinate(record.lat);
  let location: DeviceDraft['location'] = null;
  if (lng === null || (lng !== undefined && (lng < -180 || lng > 180))) {
    fail('lng', 'must be a longitude between -180 and 180');
  } else if (lat === null || (lat !== undefined && (lat < -90 || lat > 90))) {
    fail('lat', 'must be a latitude between -90 and 90');
  } else if ((lng === undefined) !== (lat === undefined)) {
    fail(lng === undefined ? 'lng' : 'lat', 'is required when the other coordinate is given');
  } else if (lng !== undefined && lat !== undefined) {
    location = { lng, lat };
  }
  let tags: string[] = [];
  if (Array.isArray(record.tags)) {
    if (record.tags.every((t) => typeof t === 'string')) tags = record.tags as string[];
    else fail('tags', 'must be a list of strings');
  } else if (typeof record.tags === 'string') {
    tags = record.tags.split(/[;|]/);
  } else if (record.tags !== undefined && record.tags !== null) {
    fail('tags', 'must be a list of strings (in CSV: separated by ;)');
  }
  tags = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
  if (tags.length > 20) fail('tags', 'at most 20 tags');
  if (tags.some((t) => t.length > 40)) fail('tags', 'a tag has at most 40 characters');
  const departmentId = text(record.departmentId) ?? null;
  const token = text(record.token) ?? null;
  if (token && !TOKEN_PATTERN.test(token)) {
    fail('token', 'must be 20–128 characters of A–Z, a–z, 0–9, _ or -');
  }
  if (errors.length || !name || !productId) return { draft: null, errors };
  return { draft: { row, name, productId, tags, location, departmentId, token }, errors };
}
