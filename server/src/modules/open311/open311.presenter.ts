import type { ServiceRequestView, SubmitResult, UpdateView } from './georeport.service.ts';
import type { ServiceDefinition } from './service-catalog.ts';
import { toXml, xmlList, type XmlNode } from './xml.ts';

/** GeoReport v2 documents: JSON shapes and their XML twins with the spec's element names. */
export function presentService(s: ServiceDefinition) {
  return {
    service_code: s.code,
    service_name: s.name,
    description: s.description,
    metadata: s.attributes.length > 0,
    type: 'realtime' as const,
    keywords: s.keywords.join(','),
    group: s.group,
  };
}

export function presentDefinition(s: ServiceDefinition) {
  return {
    service_code: s.code,
    attributes: s.attributes.map((a, i) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription,
      order: i + 1,
      description: a.description,
      values: a.values.map((v) => ({ key: v.key, name: v.name })),
    })),
  };
}

type ServiceJson = ReturnType<typeof presentService>;
type DefinitionJson = ReturnType<typeof presentDefinition>;

export function servicesXml(services: ServiceJson[]): string {
  return toXml('services', xmlList('service', services));
}

export function definitionXml(d: DefinitionJson): string {
  return toXml('service_definition', {
    service_code: d.service_code,
    attributes: xmlList(
      'attribute',
      d.attributes.map((a) => ({ ...a, values: xmlList('value', a.values) })),
    ),
  });
}

export function requestsXml(requests: ServiceRequestView[]): string {
  return toXml('service_requests', xmlList('request', requests as unknown as XmlNode[]));
}

export function submitXml(created: SubmitResult): string {
  return toXml('service_requests', xmlList('request', [created as unknown as XmlNode]));
}

export function tokenXml(token: { service_request_id: string; token: string }): string {
  return toXml('service_requests', xmlList('request', [token]));
}

export function updatesXml(updates: UpdateView[]): string {
  return toXml(
    'service_request_updates',
    xmlList('request_update', updates as unknown as XmlNode[]),
  );
}

export function errorsXml(code: number, description: string): string {
  return toXml('errors', xmlList('error', [{ code, description }]));
}

export function discoveryXml(d: {
  changeset: string;
  contact: string;
  key_service: string;
  endpoints: Array<{
    specification: string;
    url: string;
    changeset: string;
    type: string;
    formats: string[];
  }>;
}): string {
  return toXml('discovery', {
    changeset: d.changeset,
    contact: d.contact,
    key_service: d.key_service,
    endpoints: xmlList(
      'endpoint',
      d.endpoints.map((e) => ({ ...e, formats: xmlList('format', e.formats) })),
    ),
  });
}
