import { Open311Error } from './open311-error.ts';
import type { ServiceDefinition, ServiceAttribute } from './service-catalog.ts';
import type { FormFields } from './form-body.ts';

export type AttributeValues = Record<string, string | string[]>;

const attributeKey = /^attribute\[([^\]]+)\](\[\])?$/;
const priorities = ['normal', 'important', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

/** `attribute[code]=value` (or `attribute[code][]=` repeated) checked against the service's definition. */
export function readAttributes(fields: FormFields, service: ServiceDefinition): AttributeValues {
  const values: AttributeValues = {};
  for (const [key, raw] of Object.entries(fields)) {
    const match = attributeKey.exec(key);
    if (!match) continue;
    const code = match[1] as string;
    const definition = service.attributes.find((a) => a.code === code);
    if (!definition) {
      throw new Open311Error(
        400,
        `attribute[${code}] is not an attribute of service ${service.code}; GET services/${service.code}.json lists them`,
      );
    }
    const list = (Array.isArray(raw) ? raw : [raw]).map((v) => v.trim()).filter((v) => v !== '');
    if (list.length === 0) continue;
    values[code] = check(definition, list);
  }
  const missing = service.attributes.filter((a) => a.required && values[a.code] === undefined);
  if (missing.length > 0) {
    throw new Open311Error(
      400,
      `${missing.map((a) => `attribute[${a.code}]`).join(', ')} required for service ${service.code}`,
    );
  }
  return values;
}

function check(definition: ServiceAttribute, list: string[]): string | string[] {
  const { code, datatype } = definition;
  if (datatype === 'multivaluelist') {
    for (const v of list) mustBeListed(definition, v);
    return [...new Set(list)];
  }
  if (list.length > 1) throw new Open311Error(400, `attribute[${code}] takes one value`);
  const value = list[0] as string;
  switch (datatype) {
    case 'singlevaluelist':
      mustBeListed(definition, value);
      return value;
    case 'number': {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0 || n > 100_000) {
        throw new Open311Error(400, `attribute[${code}] must be a number from 0 to 100000`);
      }
      return String(n);
    }
    case 'datetime':
      if (Number.isNaN(Date.parse(value))) {
        throw new Open311Error(400, `attribute[${code}] must be a W3C date-time`);
      }
      return new Date(value).toISOString();
    case 'string':
    case 'text': {
      const max = datatype === 'string' ? 200 : 2000;
      if (value.length > max) {
        throw new Open311Error(400, `attribute[${code}] is longer than ${max} characters`);
      }
      return value;
    }
  }
}

function mustBeListed(definition: ServiceAttribute, value: string): void {
  if (!definition.values.some((v) => v.key === value)) {
    throw new Open311Error(
      400,
      `attribute[${definition.code}] must be one of ${definition.values.map((v) => v.key).join(', ')}`,
    );
  }
}

/** A reporter may raise a case's priority (危及安全 → urgent), never lower the class's default. */
export function priorityFor(defaultPriority: Priority, values: AttributeValues): Priority {
  const asked: Priority =
    values.severity === 'danger'
      ? 'urgent'
      : values.severity === 'serious'
        ? 'important'
        : 'normal';
  return priorities[
    Math.max(priorities.indexOf(defaultPriority), priorities.indexOf(asked))
  ] as Priority;
}

/** The attributes as lines staff read on the case: 「严重程度：严重」. */
export function describeAttributes(service: ServiceDefinition, values: AttributeValues): string[] {
  return service.attributes.flatMap((a) => {
    const value = values[a.code];
    if (value === undefined || a.code === 'component_id') return [];
    const shown = (Array.isArray(value) ? value : [value])
      .map((v) => a.values.find((x) => x.key === v)?.name ?? v)
      .join('、');
    return [`${a.description.split(' ')[0]}：${shown}`];
  });
}
