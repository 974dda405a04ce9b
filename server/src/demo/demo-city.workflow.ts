import type { Logger } from 'pino';
import { staffRoles, systemActor, type StaffRole } from '../platform/auth/actor.ts';
import type { Database } from '../platform/db/database.ts';
import { mulberry32 } from '../platform/random.ts';
import type { SettingsRepository } from '../platform/settings/settings.repository.ts';
import type { Department, IdentityService, NewAccount } from '../modules/identity/index.ts';
import { hashPassword } from '../modules/identity/index.ts';
import {
  buildDemoGeography,
  type RegionRecord,
  type RegionsService,
} from '../modules/regions/index.ts';
import type { IotModule } from '../modules/iot/index.ts';
import { demoDepartments } from './demo-departments.ts';
import { DEMO_PASSWORD, demoPerson, roleLabels } from './demo-people.ts';

export interface DemoSeedOptions {
  seed: number;
  /** Grids per residents' committee: 1 gives the real 6,509; more for benchmarks. */
  scale: number;
  citizens?: number;
}

export interface DemoSeedResult {
  skipped: boolean;
  regions: number;
  departments: number;
  accounts: number;
  ms: number;
}

const SETTING = 'demo.seed';

/**
 * Seeds the demo city, step by step, each step idempotent so an interrupted seed simply
 * runs again: the map (real districts, streets and committees of Shanghai), departments,
 * staff for every role at every level, then citizens and an enterprise.
 */
export class DemoCityWorkflow {
  constructor(
    private readonly db: Database,
    private readonly settings: SettingsRepository,
    private readonly regions: RegionsService,
    private readonly identity: IdentityService,
    private readonly log: Logger,
    private readonly iot: IotModule | null = null,
  ) {}

  private readonly laterSteps: Array<{
    name: string;
    run: (options: DemoSeedOptions) => Promise<unknown>;
  }> = [];

  /** Modules add their own demo data as later steps; they run in order after the devices. */
  addStep(name: string, run: (options: DemoSeedOptions) => Promise<unknown>): void {
    this.laterSteps.push({ name, run });
  }

  async isSeeded(): Promise<boolean> {
    return (await this.settings.get(this.db.orm, SETTING)) !== undefined;
  }

  async run(options: DemoSeedOptions): Promise<DemoSeedResult> {
    const started = Date.now();
    if (await this.isSeeded()) {
      return { skipped: true, regions: 0, departments: 0, accounts: 0, ms: 0 };
    }
    const regions = await this.importMap(options);
    const departments = await this.importDepartments();
    const accounts = await this.importPeople(options, departments);
    await this.placeDevices(options);
    for (const step of this.laterSteps) {
      this.log.info(`demo seed: ${step.name}`);
      const result = await step.run(options);
      this.log.info(result ?? {}, `demo seed: ${step.name} done`);
    }
    await this.settings.set(this.db.orm, SETTING, {
      seed: options.seed,
      scale: options.scale,
      at: new Date().toISOString(),
    });
    const ms = Date.now() - started;
    this.log.info({ regions, departments: departments.length, accounts, ms }, 'demo city seeded');
    return { skipped: false, regions, departments: departments.length, accounts, ms };
  }

  /** Step 4: the IoT demo products and devices of every product placed across the map. */
  private async placeDevices(options: DemoSeedOptions): Promise<void> {
    if (!this.iot) return;
    this.log.info('demo seed 4/4: IoT products and devices across the map');
    const placed = await this.iot.seedDemo({
      seed: options.seed,
      scale: options.scale,
      onProgress: (p) => this.log.debug(p, `demo seed: devices ${p.done}/${p.total}`),
    });
    this.log.info(placed, 'demo seed: devices placed');
  }

  private async importMap(options: DemoSeedOptions): Promise<number> {
    this.log.info('demo seed 1/3: building the map of Shanghai (districts, streets, grids)');
    const geography = buildDemoGeography({
      seed: options.seed,
      gridsPerCommunity: options.scale,
      onProgress: (done, total, stage) => {
        if (done === total || done % 50 === 0) {
          this.log.info({ stage, done, total }, `demo seed: ${stage} ${done}/${total}`);
        }
      },
    });
    const records: RegionRecord[] = geography.map((region, index) => ({
      id: region.id,
      name: region.name,
      level: region.level,
      parentId: region.parentId,
      geometry: region.geometry,
      centroid: region.centroid,
      bbox: region.bbox,
      sortKey: index,
    }));
    const inserted = await this.regions.importMap(systemActor, records);
    this.log.info({ regions: records.length, inserted }, 'demo seed: map stored');
    return records.length;
  }

  private async importDepartments(): Promise<Department[]> {
    this.log.info('demo seed 2/3: departments');
    const city = this.regions.rootId;
    const districts = this.regions.list({ level: 'district', limit: 100, offset: 0 }).items;
    const list: Department[] = [];
    for (const d of demoDepartments) {
      list.push({
        id: `${city}.${d.code}`,
        code: d.code,
        name: `上海市${d.city}`,
        shortName: d.short,
        nameEn: `Shanghai ${d.en}`,
        regionId: city,
      });
      for (const district of districts) {
        list.push({
          id: `${district.id}.${d.code}`,
          code: d.code,
          name: `${district.name}${d.district}`,
          shortName: d.short,
          nameEn: `${district.id} ${d.en}`,
          regionId: district.id,
        });
      }
    }
    await this.identity.importDepartments(systemActor, list);
    return list;
  }

  private async importPeople(options: DemoSeedOptions, departments: Department[]): Promise<number> {
    this.log.info('demo seed 3/3: staff for every role at every level, citizens, an enterprise');
    // Every demo account shares the documented demo password, so one scrypt hash serves
    // them all: hashing ~8,500 passwords separately would take minutes on two cores.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const accounts: NewAccount[] = [];
    const staff = (
      username: string,
      displayName: string,
      role: StaffRole,
      regionId: string,
      departmentId?: string,
    ) =>
      accounts.push({
        kind: 'staff',
        username,
        displayName,
        passwordHash,
        departmentId: departmentId ?? null,
        assuranceLevel: 'real-name',
        grants: [{ role, regionId }],
      });

    const city = this.regions.get(this.regions.rootId);
    staff('admin', `${city.name}系统管理员`, 'system_admin', city.id);
    const upper = [
      city,
      ...this.regions.list({ level: 'district', limit: 500, offset: 0 }).items,
      ...this.regions.list({ level: 'street', limit: 100_000, offset: 0 }).items,
    ];
    for (const region of upper) {
      for (const role of staffRoles) {
        if (role === 'grid_worker' && region.level !== 'street') continue;
        const username =
          region.level === 'city'
            ? roleLabels[role].username
            : `${roleLabels[role].username}.${region.id}`;
        staff(username, `${region.name}${roleLabels[role].zh}`, role, region.id);
      }
    }
    for (const department of departments) {
      staff(
        `handler.${department.id}`,
        `${department.name}处置员`,
        'handler',
        department.regionId,
        department.id,
      );
      staff(
        `reviewer.${department.id}`,
        `${department.name}审核员`,
        'reviewer',
        department.regionId,
        department.id,
      );
    }
    for (const grid of this.regions.list({ level: 'grid', limit: 10_000_000, offset: 0 }).items) {
      staff(`gridworker.${grid.id}`, `${grid.name}网格员`, 'grid_worker', grid.id);
    }

    const random = mulberry32(options.seed);
    const districtIds = this.regions
      .list({ level: 'district', limit: 100, offset: 0 })
      .items.map((d) => d.id);
    const named = [
      { username: 'citizen', level: 'basic' as const },
      { username: 'citizen.realname', level: 'real-name' as const },
      { username: 'citizen.realperson', level: 'real-person' as const },
    ];
    const citizens = options.citizens ?? 200;
    for (let i = 0; i < citizens + named.length; i++) {
      const person = demoPerson(i, random, districtIds[i % districtIds.length] ?? '310101');
      const preset = named[i];
      accounts.push({
        kind: 'citizen',
        username: preset?.username ?? `citizen${String(i).padStart(5, '0')}`,
        displayName: person.name,
        passwordHash,
        idNumber: preset?.level === 'basic' ? null : person.idNumber,
        phone: person.phone,
        assuranceLevel: preset?.level ?? (random() < 0.7 ? 'real-name' : 'basic'),
      });
    }
    accounts.push({
      kind: 'enterprise',
      username: 'enterprise',
      displayName: '上海一城示范餐饮有限公司',
      passwordHash,
      creditCode: '91310101MA1FPX1234',
      phone: '13900001234',
      assuranceLevel: 'real-name',
    });
    const inserted = await this.identity.importAccounts(systemActor, accounts);
    this.log.info({ accounts: accounts.length, inserted }, 'demo seed: accounts stored');
    return accounts.length;
  }
}
