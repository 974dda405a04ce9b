import type { Actor } from '../../platform/auth/actor.ts';
import type { Database, Sql } from '../../platform/db/database.ts';
import { badRequest, conflict, notFound } from '../../platform/errors/app-error.ts';
import { PeriodicTimer } from '../../platform/timers/periodic-timer.ts';
import type { UnitOfWork, WriteContext } from '../../platform/unit-of-work.ts';
import type { IotModule } from '../iot/index.ts';
import type { RegionsService } from '../regions/index.ts';
import { facilitiesEvent } from './facilities.events.ts';
import type {
  FacilityDevice,
  FacilityFilter,
  FacilityRepository,
  FacilityRow,
} from './facility.repository.ts';
import {
  computeHealth,
  modelProblems,
  type FacilityReading,
  type HealthModel,
  type HealthScore,
} from './health-model.ts';

/** Every 5 minutes each facility's index is computed and kept; a year of history is kept. */
export const healthScoring = new PeriodicTimer('facilities.health.score', 5 * 60_000);
const HISTORY_DAYS = 400;

export interface FacilityInput {
  id: string;
  name: string;
  nameEn?: string | null;
  kind: string;
  location: { lng: number; lat: number };
  departmentId?: string | null;
  model: HealthModel;
  devices: FacilityDevice[];
}

/**
 * Facilities and their health index. Scoring reads the latest values of the facility's
 * devices through the iot module's door (never its tables) and keeps every result, so the
 * history shows how a plant drifted, not only where it stands.
 */
export class FacilitiesService {
  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: FacilityRepository,
    private readonly regions: RegionsService,
    private readonly iot: Pick<IotModule, 'registry' | 'queries'>,
  ) {}

  /** The grid a location lies in (what a new facility is authorized against). */
  regionAt(location: { lng: number; lat: number }): string {
    const located = this.locate(location);
    return located.grid?.id ?? located.district!.id;
  }

  /** Creates a facility; every device must exist and be visible to the actor. */
  async create(actor: Actor, input: FacilityInput): Promise<FacilityRow> {
    assertModel(input.model);
    const located = this.locate(input.location);
    for (const member of input.devices) await this.iot.registry.get(actor, member.deviceId);
    return this.uow.run(async (ctx) => {
      if (await this.repository.find(ctx.sql, input.id)) {
        throw conflict('facility_exists', `facility ${input.id} exists already`);
      }
      await this.repository.insert(
        ctx.sql,
        {
          id: input.id,
          name: input.name,
          nameEn: input.nameEn ?? null,
          kind: input.kind,
          gridId: located.grid?.id ?? null,
          streetId: located.street?.id ?? null,
          districtId: located.district!.id,
          lng: input.location.lng,
          lat: input.location.lat,
          departmentId: input.departmentId ?? null,
          model: input.model,
        },
        input.devices,
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'facilities.create',
        target: { type: 'facility', id: input.id },
        regionId: located.grid?.id ?? null,
        details: { kind: input.kind, devices: input.devices.length },
      });
      const created = await this.repository.find(ctx.sql, input.id);
      await this.score(ctx, created!, new Date());
      return (await this.repository.find(ctx.sql, input.id))!;
    });
  }

  async get(id: string): Promise<FacilityRow> {
    const row = await this.repository.find(this.db.orm, id);
    if (!row) throw notFound('facility', id);
    return row;
  }

  async devicesOf(id: string): Promise<FacilityDevice[]> {
    return this.repository.devicesOf(this.db.orm, [id]);
  }

  list(filter: FacilityFilter) {
    const regionId = filter.regionId === this.regions.rootId ? undefined : filter.regionId;
    return this.repository.list(this.db.orm, { ...filter, regionId });
  }

  /** The index right now, from the latest readings (not stored). */
  async live(facility: FacilityRow, now = new Date()): Promise<HealthScore> {
    return computeHealth(facility.model, await this.readings(this.db.orm, facility.id), now);
  }

  async history(id: string, from: Date, to: Date, limit: number) {
    if (!(from < to)) throw badRequest('invalid_range', '`from` must be before `to`');
    await this.get(id);
    const rows = await this.repository.history(this.db.orm, id, from, to, limit);
    return rows.reverse();
  }

  /** Replaces the health model (optimistic concurrency) and scores again with it. */
  async updateModel(actor: Actor, id: string, version: number, model: HealthModel) {
    assertModel(model);
    return this.uow.run(async (ctx) => {
      const facility = await this.repository.find(ctx.sql, id);
      if (!facility) throw notFound('facility', id);
      if (!(await this.repository.updateModel(ctx.sql, id, version, model))) {
        throw conflict(
          'version_conflict',
          `facility ${id} was changed by someone else (now version ${facility.version}); reload and try again`,
        );
      }
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'facilities.update_model',
        target: { type: 'facility', id },
        regionId: facility.gridId,
        details: { version: version + 1 },
      });
      const updated = (await this.repository.find(ctx.sql, id))!;
      await this.score(ctx, updated, new Date());
      return (await this.repository.find(ctx.sql, id))!;
    });
  }

  /** The periodic pass: scores every facility, keeps the result, announces level changes. */
  async scoreAll(ctx: WriteContext, now: Date): Promise<number> {
    const all = await this.repository.all(ctx.sql);
    for (const facility of all) await this.score(ctx, facility, now);
    await this.repository.pruneHistory(
      ctx.sql,
      new Date(now.getTime() - HISTORY_DAYS * 86_400_000),
    );
    return all.length;
  }

  private async score(ctx: WriteContext, facility: FacilityRow, now: Date): Promise<HealthScore> {
    const health = computeHealth(facility.model, await this.readings(ctx.sql, facility.id), now);
    await this.repository.recordScore(ctx.sql, facility.id, now, health);
    if (health.level !== facility.level) {
      await ctx.emit(
        facilitiesEvent(
          'facilities.health.changed',
          {
            facilityId: facility.id,
            name: facility.name,
            kind: facility.kind,
            districtId: facility.districtId,
            from: facility.level,
            to: health.level,
            score: health.score,
            at: now.toISOString(),
          },
          { regionId: facility.gridId ?? facility.districtId },
        ),
      );
    }
    return health;
  }

  private async readings(sql: Sql, facilityId: string): Promise<FacilityReading[]> {
    const members = await this.repository.devicesOf(sql, [facilityId]);
    const roles = new Map(members.map((m) => [m.deviceId, m.role]));
    const latest = await this.iot.queries.latestReadings([...roles.keys()], sql);
    return latest.map((r) => ({ ...r, role: roles.get(r.deviceId) ?? 'main' }));
  }

  private locate(location: { lng: number; lat: number }) {
    const located = this.regions.locate(location.lng, location.lat);
    if (!located?.district) {
      throw badRequest('outside_city', 'the location lies outside the city map');
    }
    return located;
  }
}

function assertModel(model: HealthModel): void {
  const problems = modelProblems(model);
  if (problems.length > 0) throw badRequest('invalid_health_model', problems.join('; '));
}
