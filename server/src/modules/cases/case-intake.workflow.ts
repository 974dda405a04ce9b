import type { Actor } from '../../platform/auth/actor.ts';
import type { WorkCalendarService } from '../../platform/calendar/index.ts';
import type { Database, Sql } from '../../platform/db/database.ts';
import { AppError, forbidden } from '../../platform/errors/app-error.ts';
import type { UnitOfWork, WriteContext } from '../../platform/unit-of-work.ts';
import type { Policy } from '../identity/index.ts';
import type { LocateResult, RegionsService } from '../regions/index.ts';
import type { CaseCatalog } from './case-catalog.service.ts';
import { formatCaseNumber, numberScope } from './case-number.ts';
import type { CasePhotoRepository } from './case-photo.repository.ts';
import type { CaseSettingsStore } from './case-settings.ts';
import type { CaseTimelineRepository } from './case-timeline.repository.ts';
import type { CasePriority, CaseSource } from './case-workflow.ts';
import type { CaseRepository, CaseRow } from './case.repository.ts';
import { MicroBatcher } from '../../platform/batching/micro-batcher.ts';
import {
  intakeBatch,
  SerialReservoir,
  type IntakeOutcome,
  type Numbered,
  type QueuedIntake,
} from './case-intake.batch.ts';
import {
  collectEntry,
  newCaseRow,
  notDuplicateIds,
  openedEvent,
  reporterRow,
  withinRadius,
  withoutDeclined,
} from './case-intake.records.ts';
import { parseComponentId } from './component-id.ts';
import type { Assignment } from './dispatch-resolution.ts';
import { boundingBox } from './geo-distance.ts';

export interface IntakeInput {
  source: CaseSource;
  classId: string;
  priority?: CasePriority;
  description: string;
  lng: number;
  lat: number;
  address?: string | null;
  /** The GB/T 30428 16-digit identifier of the component concerned, when known. */
  componentId?: string | null;
  reporterName?: string | null;
  reporterPhone?: string | null;
  photoIds?: string[];
  alertId?: string | null;
  /**
   * The reporter was shown these cases as possible duplicates and said "不是同一件事": the
   * case keeps them and duplicate detection no longer offers them for it.
   */
  notDuplicateOf?: string[];
}

export interface PossibleDuplicate {
  id: string;
  number: string;
  stage: string;
  distanceMeters: number;
  description: string;
  createdAt: Date;
}

export interface IntakeResult {
  case: CaseRow;
  possibleDuplicates: PossibleDuplicate[];
  /** Who the dispatch rules would send it to (the dispatcher confirms or overrides). */
  suggestedAssignment: Assignment | null;
}

export interface IntakeDeps {
  db: Database;
  uow: UnitOfWork;
  repository: CaseRepository;
  timeline: CaseTimelineRepository;
  photos: CasePhotoRepository;
  catalog: CaseCatalog;
  regions: RegionsService;
  policy: Policy;
  calendar: WorkCalendarService;
  settings: CaseSettingsStore;
}

/** Where a case is: the point and the grid, street and district it falls in. */
export interface Placement {
  lng: number;
  lat: number;
  gridId: string;
  streetId: string;
  districtId: string;
}

/**
 * 信息采集: validate the report at the edge of the domain (known class, a point inside the
 * city, a well-formed component id), locate its grid, look for duplicates nearby, number it
 * and store it with its reporter, photos, first timeline entry and `cases.case.opened`.
 */
export class CaseIntakeWorkflow {
  private readonly batcher: MicroBatcher<QueuedIntake, IntakeOutcome>;
  private readonly serials = new SerialReservoir();

  constructor(private readonly deps: IntakeDeps) {
    // Concurrent reports share transactions: a hotline integrator pushing hundreds a second
    // costs a few multi-row statements per batch instead of seven round trips per report.
    // A lone report waits at most 2 ms for company.
    this.batcher = new MicroBatcher((items) => this.flush(items), {
      maxItems: 200,
      maxDelayMs: 2,
      concurrency: deps.db.kind === 'pglite' ? 1 : 4,
      maxQueued: 20_000,
    });
  }

  async intake(actor: Actor, input: IntakeInput): Promise<IntakeResult> {
    const placement = this.place(input);
    this.authorize(actor, input.source, placement.gridId);
    await this.deps.catalog.refresh();
    this.check(input, placement);
    await this.checkNotDuplicateOf(input);
    if (input.photoIds?.length || input.alertId) return this.intakeOne(actor, input, placement);
    const outcome = await this.batcher.add({ actor, input, placement });
    if ('error' in outcome) throw outcome.error;
    return outcome.result;
  }

  /**
   * The duplicate check before a report is sent: what intake would return as
   * possibleDuplicates, so the reporter can look and decide (不是同一件事 → `notDuplicateOf`).
   */
  async previewDuplicates(
    actor: Actor,
    input: Pick<IntakeInput, 'source' | 'classId' | 'lng' | 'lat'>,
  ): Promise<PossibleDuplicate[]> {
    const placement = this.place(input);
    this.authorize(actor, input.source, placement.gridId);
    await this.deps.catalog.refresh();
    this.check(input, placement);
    return this.duplicatesOf(this.deps.db.orm, input.classId, placement, new Date());
  }

  /** Waits for queued reports to be stored (shutdown). */
  drain(): Promise<void> {
    return this.batcher.drain();
  }

  /** A batch in one transaction; if that fails, each report alone, so one bad report fails alone. */
  private async flush(items: QueuedIntake[]): Promise<IntakeOutcome[]> {
    let numbered: Numbered[] | null = null;
    try {
      const batch = await intakeBatch(this.deps, items, this.serials, (classId, gridId) =>
        this.deps.catalog.resolve(classId, gridId),
      );
      numbered = batch.numbered;
      return (await batch.run()).map((result) => ({ result }));
    } catch (error) {
      if (items.length === 1 && !numbered) return [{ error }];
      return Promise.all(
        items.map(async ({ actor, input, placement }, i) => {
          try {
            const drawn = numbered?.[i];
            return {
              result: drawn
                ? await this.deps.uow.run((ctx) => this.create(ctx, actor, input, placement, drawn))
                : await this.intakeOne(actor, input, placement),
            };
          } catch (single) {
            return { error: single };
          }
        }),
      );
    }
  }

  /** One report in its own transaction (reports with photos, tests of the single path). */
  async intakeOne(actor: Actor, input: IntakeInput, placement: Placement): Promise<IntakeResult> {
    // The number is drawn in its own short statement, before the transaction: concurrent
    // intakes in one district then do not queue behind each other's sequence row lock.
    // A failed intake leaves a gap in the day's numbers, as paper registers do.
    const now = new Date();
    const localDate = (await this.deps.calendar.refresh()).localDate(now);
    const serial = await this.deps.repository.nextSerial(
      this.deps.db.orm,
      numberScope(placement.districtId, localDate),
    );
    return this.deps.uow.run((ctx) =>
      this.create(ctx, actor, input, placement, { now, localDate, serial }),
    );
  }

  /** Locates a point; 422 `outside_city` when no grid contains it. */
  place(input: { lng: number; lat: number }): Placement {
    const located = this.deps.regions.locate(input.lng, input.lat);
    const placement = located && fromLocate(input, located);
    if (!placement) {
      throw new AppError(
        'outside_city',
        422,
        `The point ${input.lng}, ${input.lat} is not inside any grid of the city`,
        { lng: input.lng, lat: input.lat },
      );
    }
    return placement;
  }

  /** Refuses an unknown or disabled class, and a component id that does not fit the case. */
  check(input: Pick<IntakeInput, 'classId' | 'componentId'>, placement: Placement): void {
    const cls = this.deps.catalog.classOf(input.classId);
    if (!cls || !cls.enabled) {
      throw new AppError(
        'unknown_class',
        422,
        `${input.classId} is not a case class in use; GET /api/v1/case-classes lists them`,
        { classId: input.classId },
      );
    }
    if (input.componentId) {
      const parts = parseComponentId(input.componentId);
      const fits =
        parts &&
        cls.kind === 'component' &&
        parts.bigCode === cls.bigCode &&
        parts.smallCode === cls.smallCode &&
        parts.countyCode === placement.districtId;
      if (!fits) {
        throw new AppError(
          'invalid_component_id',
          422,
          `componentId must be 16 digits: county ${placement.districtId} + class ${cls.bigCode}${cls.smallCode} (a component class) + 6-digit serial`,
          { componentId: input.componentId },
        );
      }
    }
  }

  /** 422 `unknown_case` when a case the reporter declined as a duplicate does not exist. */
  async checkNotDuplicateOf(input: Pick<IntakeInput, 'notDuplicateOf'>): Promise<void> {
    const ids = notDuplicateIds(input);
    if (ids.length === 0) return;
    const known = await this.deps.repository.numbersOf(this.deps.db.orm, ids);
    if (known.length === ids.length) return;
    const found = new Set(known.map((k) => k.id));
    const unknown = ids.filter((id) => !found.has(id));
    throw new AppError(
      'unknown_case',
      422,
      `notDuplicateOf names cases that do not exist: ${unknown.join(', ')}`,
      { notDuplicateOf: unknown },
    );
  }

  /** Stores a new case inside the caller's unit of work (HTTP intake or the alert consumer). */
  async create(
    ctx: WriteContext,
    actor: Actor,
    input: IntakeInput,
    placement: Placement,
    numbered?: { now: Date; localDate: string; serial: number },
  ): Promise<IntakeResult> {
    const { deps } = this;
    await deps.catalog.refresh(ctx.sql);
    const cls = deps.catalog.classOf(input.classId);
    if (!cls) throw new AppError('unknown_class', 422, `${input.classId} is not a case class`);
    const now = numbered?.now ?? new Date();
    const localDate = numbered?.localDate ?? (await deps.calendar.refresh(ctx.sql)).localDate(now);
    const serial =
      numbered?.serial ??
      (await deps.repository.nextSerial(ctx.sql, numberScope(placement.districtId, localDate)));
    const possibleDuplicates = withoutDeclined(
      await this.duplicatesOf(ctx.sql, input.classId, placement, now),
      notDuplicateIds(input),
    );
    const row = newCaseRow(
      actor,
      input,
      placement,
      cls,
      now,
      formatCaseNumber(placement.districtId, localDate, serial),
    );
    const created = input.alertId
      ? await deps.repository.insertForAlert(ctx.sql, row)
      : await deps.repository.insert(ctx.sql, row);
    if (!created) {
      throw new AppError('alert_case_exists', 409, `A case for alert ${input.alertId} exists`);
    }
    await deps.repository.addReporter(ctx.sql, reporterRow(actor, input, created, now));
    const photoIds = [...new Set(input.photoIds ?? [])];
    const attached = await deps.photos.attach(ctx.sql, photoIds, created.id, actor.id);
    if (attached.length !== photoIds.length) {
      throw new AppError(
        'unknown_photo',
        422,
        'Some photoIds do not exist, were uploaded by someone else or belong to another case',
        { photoIds: photoIds.filter((id) => !attached.includes(id)) },
      );
    }
    await deps.timeline.append(
      ctx.sql,
      collectEntry(actor, input, created.id, photoIds, possibleDuplicates),
    );
    await ctx.emit(openedEvent(actor, created, possibleDuplicates));
    return {
      case: created,
      possibleDuplicates,
      suggestedAssignment: deps.catalog.resolve(created.classId, created.gridId),
    };
  }

  /**
   * Open cases of the class within the radius, reported in the window: bounding box, then
   * haversine. With `excludeId` (a stored case), cases whose reporter declared them not the
   * same as that case are left out too.
   */
  async duplicatesOf(
    sql: Sql,
    classId: string,
    at: { lng: number; lat: number },
    now: Date,
    excludeId?: string,
  ): Promise<PossibleDuplicate[]> {
    const settings = await this.deps.settings.get(sql);
    const center: [number, number] = [at.lng, at.lat];
    const nearby = await this.deps.repository.findNearbyOpen(sql, {
      classId,
      box: boundingBox(center, settings.duplicateRadiusMeters),
      since: new Date(now.getTime() - settings.duplicateWindowHours * 3600_000),
      excludeId,
    });
    const kept = excludeId ? nearby.filter((c) => !c.notDuplicateOf?.includes(excludeId)) : nearby;
    return withinRadius(center, kept, settings.duplicateRadiusMeters);
  }

  private authorize(actor: Actor, source: CaseSource, gridId: string): void {
    if (actor.kind === 'citizen' || actor.kind === 'enterprise') {
      if (source !== 'citizen') {
        throw forbidden('Citizens and enterprises report with source "citizen"');
      }
      return;
    }
    if (source === 'iot_alert') {
      throw forbidden('Cases from IoT alerts are opened by the platform, not over HTTP');
    }
    this.deps.policy.authorize(actor, 'cases.report', { regionId: gridId });
  }
}

function fromLocate(point: { lng: number; lat: number }, located: LocateResult): Placement | null {
  if (!located.grid || !located.street || !located.district) return null;
  return {
    lng: point.lng,
    lat: point.lat,
    gridId: located.grid.id,
    streetId: located.street.id,
    districtId: located.district.id,
  };
}
