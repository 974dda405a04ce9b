import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FormSchema } from './service-catalogue.ts';

/** One problem with one field: `path` is a JSON pointer into the request body. */
export interface FieldError {
  path: string;
  message: string;
}

export type Language = 'zh' | 'en';

/** `Accept-Language: en…` gets English messages; everything else the portal's Chinese. */
export function languageOf(acceptLanguage: string | undefined): Language {
  return acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/**
 * Validates a submitted form against its item's or bundle's JSON Schema. Compiled schemas
 * are cached by target and version. No coercion, no defaults: what the applicant sent is
 * what the department reviews.
 */
export class FormValidator {
  private readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
    (addFormats as unknown as (ajv: Ajv) => Ajv)(this.ajv);
  }

  /** Errors under `prefix` (e.g. `/form`); empty when the form is valid. */
  validate(
    cacheKey: string,
    schema: FormSchema,
    data: unknown,
    language: Language,
    prefix = '/form',
  ): FieldError[] {
    let validate = this.cache.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.cache.set(cacheKey, validate);
    }
    if (validate(data)) return [];
    return fieldErrors(validate.errors ?? [], language, prefix);
  }

  /** Checks that a schema compiles (catalogue edits). */
  problemsOf(schema: FormSchema): string[] {
    try {
      this.ajv.compile(schema);
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  }
}

/** Ajv's errors as one message per field, pointing at the field itself. */
export function fieldErrors(
  errors: ErrorObject[],
  language: Language,
  prefix: string,
): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    let path = `${prefix}${error.instancePath}`;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required')
      path = `${path}/${escapePointer(String(params.missingProperty))}`;
    if (error.keyword === 'additionalProperties') {
      path = `${path}/${escapePointer(String(params.additionalProperty))}`;
    }
    // One message per field: the first is the most useful ("required" before "type").
    if (seen.has(path)) continue;
    seen.add(path);
    out.push({ path, message: messageFor(error, language) });
  }
  return out;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

const typeNames: Record<string, { zh: string; en: string }> = {
  string: { zh: '文本', en: 'text' },
  integer: { zh: '整数', en: 'a whole number' },
  number: { zh: '数字', en: 'a number' },
  boolean: { zh: '是或否', en: 'yes or no' },
  array: { zh: '列表', en: 'a list' },
  object: { zh: '对象', en: 'an object' },
};

function messageFor(error: ErrorObject, language: Language): string {
  const p = error.params as Record<string, unknown>;
  const zh = language === 'zh';
  switch (error.keyword) {
    case 'required':
      return zh ? '必填' : 'is required';
    case 'additionalProperties':
      return zh ? '不是本表单的字段' : 'is not a field of this form';
    case 'type': {
      const name = typeNames[String(p.type)] ?? { zh: String(p.type), en: String(p.type) };
      return zh ? `应为${name.zh}` : `must be ${name.en}`;
    }
    case 'minLength':
      if (p.limit === 1) return zh ? '不能为空' : 'must not be empty';
      return zh
        ? `至少 ${String(p.limit)} 个字符`
        : `must have at least ${String(p.limit)} characters`;
    case 'maxLength':
      return zh
        ? `最多 ${String(p.limit)} 个字符`
        : `must have at most ${String(p.limit)} characters`;
    case 'minimum':
    case 'exclusiveMinimum':
      return zh ? `不能小于 ${String(p.limit)}` : `must be at least ${String(p.limit)}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return zh ? `不能大于 ${String(p.limit)}` : `must be at most ${String(p.limit)}`;
    case 'pattern':
      return zh ? '格式不正确' : 'has the wrong format';
    case 'format':
      return zh ? `格式不正确（应为 ${String(p.format)}）` : `must be a valid ${String(p.format)}`;
    case 'enum':
      return zh ? '不在可选范围内' : 'is not one of the allowed values';
    case 'minItems':
      return zh
        ? `至少选择 ${String(p.limit)} 项`
        : `must have at least ${String(p.limit)} entries`;
    case 'maxItems':
      return zh ? `最多选择 ${String(p.limit)} 项` : `must have at most ${String(p.limit)} entries`;
    case 'uniqueItems':
      return zh ? '不能重复' : 'must not repeat entries';
    default:
      return error.message ?? (zh ? '不符合要求' : 'is invalid');
  }
}
