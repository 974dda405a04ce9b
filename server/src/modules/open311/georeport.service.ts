import crypto from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import type { CasesModule, PublicCase, PublicUpdate } from '../cases/index.ts';
import type { RegionsService } from '../regions/index.ts';
import type { AddressLocator } from './address-locator.ts';
import { describeAttributes, priorityFor, readAttributes } from './attributes.ts';
import type { FormFields } from './form-body.ts';
import { Open311Error } from './open311-error.ts';
import { open311Event } from './open311.events.ts';
import type { ApiKeyRow, Open311Repository, RequestRow } from './open311.repository.ts';
import { servicesOf, type ServiceDefinition } from './service-catalog.ts';

const DAY_MS = 86_400_000;
/** The spec's default window and its largest result. */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_RESULTS = 1000;

export interface RequestQuery {
  serviceRequestIds?: string[];
  serviceCodes?: string[];
  status?: 'open' | 'closed';
  startDate?: Date;
  endDate?: Date;
  page: number;
  pageSize: number;
}

/** A service request as GeoReport v2 names its fields. */
export interface ServiceRequestView {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number;
  long: number;
  media_url: string | null;
}

export interface SubmitResult {
  service_request_id: string;
  token: string;
  service_notice: string;
  account_id: string | null;
}

export interface UpdateView {
  update_id: string;
  service_request_id: string;
  status: 'open' | 'closed';
  updated_datetime: string;
  description: string;
  agency_responsible: string | null;
  media_url: string | null;
}

/** W3C date-time in Shanghai time (UTC+8, no daylight saving), as the spec's examples write it. */
export function w3c(date: Date): string {
  const local = new Date(date.getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}

const text = (fields: FormFields, name: string, max: number): string | null => {
  const raw = fields[name];
  if (raw === undefined) return null;
  if (Array.isArray(raw)) throw new Open311Error(400, `${name} was sent more than once`);
  const value = raw.trim();
  if (value.length > max) throw new Open311Error(400, `${name} is longer than ${max} characters`);
  return value === '' ? null : value;
};

const coordinate = (fields: FormFields, name: 'lat' | 'long'): number | null => {
  const value = text(fields, name, 40);
  if (value === null) return null;
  const n = Number(value);
  const limit = name === 'lat' ? 90 : 180;
  if (!/^-?\d+(\.\d+)?$/.test(value) || Math.abs(n) > limit) {
    throw new Open311Error(400, `${name} must be a decimal number of degrees (WGS 84)`);
  }
  return n;
};

/**
 * GeoReport v2 over the cases module: services are the reportable classes, a request becomes
 * a case (source `open311`, with the usual grid location and duplicate check), and reads show
 * cases through the cases module's public view.
 */
export class GeoReportService {
  constructor(
    private readonly deps: {
      db: Database;
      uow: UnitOfWork;
      repository: Open311Repository;
      cases: CasesModule;
      regions: RegionsService;
      locator: AddressLocator;
      jurisdictionId: string;
    },
  ) {}

  get jurisdictionId(): string {
    return this.deps.jurisdictionId;
  }

  /** An unknown jurisdiction is 404, as the spec's error list says. */
  checkJurisdiction(id: string | null | undefined): void {
    if (id && id !== this.deps.jurisdictionId) {
      throw new Open311Error(
        404,
        `jurisdiction_id ${id} not found; this endpoint serves ${this.deps.jurisdictionId}`,
      );
    }
  }

  async services(): Promise<ServiceDefinition[]> {
    await this.deps.cases.catalog.refresh();
    return servicesOf(this.deps.cases.catalog.listClasses());
  }

  async service(code: string): Promise<ServiceDefinition> {
    const found = (await this.services()).find((s) => s.code === code);
    if (!found) throw new Open311Error(404, `service_code ${code} not found`);
    return found;
  }

  /** POST requests: validate, locate, then the case and our record of it in one transaction. */
  async submit(key: ApiKeyRow, fields: FormFields): Promise<SubmitResult> {
    const { cases } = this.deps;
    this.checkJurisdiction(text(fields, 'jurisdiction_id', 100));
    const serviceCode = text(fields, 'service_code', 16);
    if (!serviceCode) throw new Open311Error(400, 'service_code is required');
    const service = await this.service(serviceCode);
    const attributes = readAttributes(fields, service);
    const point = this.locationOf(fields);
    const description = text(fields, 'description', 4000);
    const email = text(fields, 'email', 200);
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      throw new Open311Error(400, 'email is not an e-mail address');
    }
    const mediaUrl = text(fields, 'media_url', 1000);
    if (mediaUrl && !/^https?:\/\/[^\s]+$/i.test(mediaUrl)) {
      throw new Open311Error(400, 'media_url must be an http(s) URL');
    }
    const firstName = text(fields, 'first_name', 50);
    const lastName = text(fields, 'last_name', 50);
    const phone = text(fields, 'phone', 30);
    const accountId = text(fields, 'account_id', 100);
    const deviceId = text(fields, 'device_id', 100);
    const addressString = text(fields, 'address_string', 200);
    const landmark = typeof attributes.landmark === 'string' ? attributes.landmark : null;
    const componentId =
      typeof attributes.component_id === 'string' ? attributes.component_id : null;
    const cls = cases.catalog.classOf(service.code);
    if (!cls) throw new Open311Error(404, `service_code ${service.code} not found`);
    const staffText = [
      description ?? service.name,
      ...describeAttributes(service, attributes),
      ...(mediaUrl ? [`图片：${mediaUrl}`] : []),
      `（Open311 · ${key.name}）`,
    ].join('\n');
    const actor = this.actorOf(key);
    const placement = cases.intake.place(point);
    cases.intake.check({ classId: service.code, componentId }, placement);
    const name = [lastName, firstName].filter(Boolean).join('') || null;
    return this.deps.uow.run(async (ctx) => {
      const { case: created, possibleDuplicates } = await cases.intake.create(
        ctx,
        actor,
        {
          source: 'open311',
          classId: service.code,
          priority: priorityFor(cls.defaultPriority, attributes),
          description: staffText,
          lng: point.lng,
          lat: point.lat,
          address: addressString ?? landmark,
          componentId,
          reporterName: name,
          reporterPhone: phone,
        },
        placement,
      );
      const nearest = possibleDuplicates[0];
      const notice = nearest
        ? `已收到（编号 ${created.number}）。附近 ${Math.round(nearest.distanceMeters)} 米内已有同类问题在处理（${nearest.number}），受理员核实后将合并处理，进展在本编号下同样可查。`
        : `已收到（编号 ${created.number}），受理员核实后立案并派遣处置。`;
      const token = crypto.randomUUID();
      await this.deps.repository.insertRequest(ctx.sql, {
        caseId: created.id,
        caseNumber: created.number,
        token,
        apiKeyId: key.id,
        serviceCode: service.code,
        description: description ?? '',
        attributes,
        addressString,
        mediaUrl,
        accountId,
        email,
        firstName,
        lastName,
        phone,
        deviceId,
        serviceNotice: notice,
        createdAt: created.createdAt,
      });
      await ctx.emit(
        open311Event(
          'open311.request.submitted',
          {
            caseId: created.id,
            number: created.number,
            serviceCode: service.code,
            keyId: key.id,
            at: created.createdAt.toISOString(),
          },
          { actorId: actor.id, regionId: created.gridId },
        ),
      );
      return {
        service_request_id: created.number,
        token,
        service_notice: notice,
        account_id: accountId,
      };
    });
  }

  async list(query: RequestQuery): Promise<ServiceRequestView[]> {
    const ids = query.serviceRequestIds;
    const window = ids ? {} : this.windowOf(query.startDate, query.endDate);
    const items = await this.deps.cases.publicCases.list({
      numbers: ids,
      classIds: ids ? undefined : query.serviceCodes,
      status: ids ? undefined : query.status,
      ...window,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return this.present(items);
  }

  async get(id: string): Promise<ServiceRequestView> {
    const found = await this.deps.cases.publicCases.get(id);
    if (!found) throw new Open311Error(404, `service_request_id ${id} not found`);
    return (await this.present([found]))[0] as ServiceRequestView;
  }

  async updates(id: string): Promise<UpdateView[]> {
    const updates = await this.deps.cases.publicCases.updates(id);
    if (!updates) throw new Open311Error(404, `service_request_id ${id} not found`);
    return updates.map((u, i) => presentUpdate(id, u, i));
  }

  async token(token: string): Promise<{ service_request_id: string; token: string }> {
    const found = /^[0-9a-f-]{36}$/i.test(token)
      ? await this.deps.repository.findByToken(this.deps.db.orm, token)
      : undefined;
    if (!found) throw new Open311Error(404, `token ${token} not found`);
    return { service_request_id: found.caseNumber, token: found.token };
  }

  /** Default: the last 90 days; a window may not span more than 90 days. */
  private windowOf(start?: Date, end?: Date): { from: Date; to: Date } {
    const span = DEFAULT_WINDOW_DAYS * DAY_MS;
    const to = end ?? (start ? new Date(start.getTime() + span) : new Date());
    const from = start ?? new Date(to.getTime() - span);
    if (from > to) throw new Open311Error(400, 'start_date is after end_date');
    if (to.getTime() - from.getTime() > span) {
      throw new Open311Error(
        400,
        `start_date to end_date may not span more than ${DEFAULT_WINDOW_DAYS} days`,
      );
    }
    return { from, to };
  }

  private locationOf(fields: FormFields): { lng: number; lat: number } {
    const lat = coordinate(fields, 'lat');
    const lng = coordinate(fields, 'long');
    if ((lat === null) !== (lng === null)) {
      throw new Open311Error(400, 'lat and long go together: send both or neither');
    }
    if (lat !== null && lng !== null) return { lng, lat };
    const address = text(fields, 'address_string', 200);
    if (!address) {
      throw new Open311Error(400, 'A location is required: lat and long, or address_string');
    }
    const located = this.deps.locator.locate(address);
    if (!located) {
      throw new Open311Error(
        400,
        `address_string "${address}" could not be located: name the residents' committee (居委会/村委会), or send lat and long`,
      );
    }
    return located;
  }

  private actorOf(key: ApiKeyRow): Actor {
    return {
      id: `open311:${key.id}`,
      kind: 'system',
      username: `open311:${key.keyPrefix}`,
      displayName: `Open311 · ${key.name}`,
      assuranceLevel: 'basic',
      grants: [],
    };
  }

  private async present(items: PublicCase[]): Promise<ServiceRequestView[]> {
    const own = await this.deps.repository.requestsFor(
      this.deps.db.orm,
      items.filter((c) => c.source === 'open311').map((c) => c.id),
    );
    return items.map((c) => presentRequest(c, own.get(c.id) ?? null));
  }
}

function presentRequest(c: PublicCase, own: RequestRow | null): ServiceRequestView {
  const place = `${c.regionNames.district}${c.regionNames.street}${c.regionNames.grid}`;
  const statusNotes = c.masterNumber
    ? [`已与 ${c.masterNumber} 合并处理`, c.statusNote].filter(Boolean).join('；')
    : c.statusNote;
  return {
    service_request_id: c.number,
    status: c.status,
    status_notes: statusNotes,
    service_name: c.className,
    service_code: c.classId,
    description: own ? own.description || null : c.description,
    agency_responsible: c.agency,
    service_notice: own?.serviceNotice ?? null,
    requested_datetime: w3c(c.createdAt),
    updated_datetime: w3c(c.updatedAt),
    expected_datetime: c.expectedAt ? w3c(c.expectedAt) : null,
    address: c.address ? `${place} ${c.address}` : place,
    address_id: null,
    zipcode: null,
    lat: c.lat,
    long: c.lng,
    media_url: own?.mediaUrl ?? null,
  };
}

function presentUpdate(id: string, u: PublicUpdate, index: number): UpdateView {
  return {
    update_id: `${id}-${index + 1}`,
    service_request_id: id,
    status: u.status,
    updated_datetime: w3c(u.at),
    description: [u.label, u.agency ? `（${u.agency}）` : '', u.note ? `：${u.note}` : ''].join(''),
    agency_responsible: u.agency,
    media_url: null,
  };
}
