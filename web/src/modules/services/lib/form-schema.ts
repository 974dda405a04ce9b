/**
 * Turns a service's form (JSON Schema, as the server publishes it) into field descriptions
 * the portal renders, and the server's field-level errors (JSON pointers) back onto fields.
 * The server validates; the page only draws and shows what the server said.
 */
export type Widget =
  'text' | 'textarea' | 'select' | 'multiselect' | 'date' | 'number' | 'integer' | 'switch';

export interface FieldSpec {
  name: string;
  label: string;
  widget: Widget;
  required: boolean;
  options: string[];
  min?: number;
  max?: number;
  maxLength?: number;
  description?: string;
}

interface RawField {
  type?: string;
  title?: string;
  'x-title-en'?: string;
  'x-widget'?: string;
  description?: string;
  enum?: unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  items?: { enum?: unknown[] };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function widgetOf(field: RawField): Widget {
  if (field.type === 'array') return 'multiselect';
  if (field.type === 'boolean') return 'switch';
  if (field.type === 'integer') return 'integer';
  if (field.type === 'number') return 'number';
  if (field.enum) return 'select';
  if (field.format === 'date') return 'date';
  if (field['x-widget'] === 'textarea') return 'textarea';
  return 'text';
}

/** The form's fields in the schema's order, labelled in the page's language. */
export function fieldsOf(schema: unknown, locale: 'zh-CN' | 'en-US'): FieldSpec[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  return Object.entries(schema.properties).map(([name, raw]) => {
    const field = (isRecord(raw) ? raw : {}) as RawField;
    const label = (locale === 'en-US' ? field['x-title-en'] : undefined) ?? field.title ?? name;
    const options = (field.enum ?? field.items?.enum ?? []).map(String);
    const spec: FieldSpec = {
      name,
      label,
      widget: widgetOf(field),
      required: required.has(name),
      options,
    };
    if (field.minimum !== undefined) spec.min = field.minimum;
    if (field.maximum !== undefined) spec.max = field.maximum;
    if (field.maxLength !== undefined) spec.maxLength = field.maxLength;
    if (field.description) spec.description = field.description;
    return spec;
  });
}

/** What to send: empty inputs left out (the server says which of them are required). */
export function formPayload(values: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[name] = typeof value === 'string' ? value.trim() : value;
  }
  return out;
}

export interface ServerErrors {
  /** Antd name paths (['form', field] or ['districtId']) with their messages. */
  fields: Array<{ name: string[]; errors: string[] }>;
  /** By material key. */
  materials: Record<string, string>;
  /** Anything that points nowhere we draw. */
  other: string[];
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** Sorts the problem's `errors[]` (JSON pointers into the request) onto the page. */
export function placeServerErrors(
  errors: ReadonlyArray<{ path: string; message: string }> | undefined,
): ServerErrors {
  const out: ServerErrors = { fields: [], materials: {}, other: [] };
  const byField = new Map<string, string[]>();
  for (const error of errors ?? []) {
    const [root, key] = error.path.split('/').slice(1).map(unescape);
    if (root === 'form' && key) {
      const list = byField.get(`form\u0000${key}`) ?? [];
      list.push(error.message);
      byField.set(`form\u0000${key}`, list);
    } else if (root === 'districtId') {
      byField.set('districtId', [...(byField.get('districtId') ?? []), error.message]);
    } else if (root === 'materials' && key) {
      out.materials[key] = out.materials[key]
        ? `${out.materials[key]}；${error.message}`
        : error.message;
    } else {
      out.other.push(`${error.path}: ${error.message}`);
    }
  }
  for (const [name, messages] of byField) {
    out.fields.push({ name: name.split('\u0000'), errors: messages });
  }
  return out;
}

/** The problem's `errors[]`, when an API error carries one. */
export function problemErrors(
  problem: Record<string, unknown> | undefined,
): Array<{ path: string; message: string }> {
  const errors = problem?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.filter(
    (e): e is { path: string; message: string } =>
      isRecord(e) && typeof e.path === 'string' && typeof e.message === 'string',
  );
}
