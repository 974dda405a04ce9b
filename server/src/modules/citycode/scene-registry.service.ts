import crypto from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, conflict, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork, WriteContext } from '../../platform/unit-of-work.ts';
import { citycodeEvent } from './citycode.events.ts';
import { assertSceneConfiguration, type SceneRule } from './scene-rules.ts';
import type { HolderField, SceneType } from './scene-types.ts';
import type {
  NewScanner,
  NewScene,
  ScannerRow,
  SceneRepository,
  SceneRow,
  Status,
} from './scene.repository.ts';

/** How long a node trusts what it read about scenes and scanners (changes on other nodes). */
const CACHE_TTL_MS = 10_000;
const MAX_CACHED_SCANNERS = 200_000;

export interface SceneInput {
  id: string;
  type: SceneType;
  name: string;
  nameEn?: string | null;
  regionId?: string | null;
  rules: SceneRule[];
  fields: HolderField[];
}

export interface SceneChange {
  version: number;
  name?: string;
  nameEn?: string | null;
  regionId?: string | null;
  rules?: SceneRule[];
  fields?: HolderField[];
  status?: Status;
}

export interface ScannerInput {
  id?: string;
  sceneId: string;
  name: string;
  place?: string | null;
  ratePerSecond?: number;
  burst?: number;
  /** Only for the demo seed and benchmarks: a fixed secret instead of a random one. */
  secret?: string;
}

/** A scanner as the scan path sees it. */
export interface AuthenticScanner {
  id: string;
  sceneId: string;
  name: string;
  place: string | null;
  ratePerSecond: number;
  burst: number;
}

const hashSecret = (secret: string) => crypto.createHash('sha256').update(secret).digest();

const scannerUnauthorized = () =>
  new AppError(
    'scanner_unauthorized',
    401,
    'Unknown scanner or wrong key: send X-Scanner-Key: <scannerId>.<secret>',
  );

/**
 * The scenes and scanners registry. Admin changes are audited and announced; the scan path
 * reads scenes and scanners from memory, refreshed every 10 s, so a disabled scanner stops
 * everywhere within that time (at once on the node that disabled it).
 */
export class SceneRegistry {
  private scenes = new Map<string, SceneRow>();
  private scenesAt = 0;
  private reloading: Promise<void> | null = null;
  private readonly scanners = new Map<
    string,
    { scanner: (AuthenticScanner & { keyHash: Buffer; status: Status }) | null; at: number }
  >();
  /**
   * Keys that verified lately, by their full text: a busy scanner's next scan skips the hash.
   * A hash-table lookup keyed by the secret itself offers no useful timing signal.
   */
  private readonly verified = new Map<
    string,
    { scanner: AuthenticScanner & { status: Status }; at: number }
  >();

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: SceneRepository,
    private readonly defaults: { ratePerSecond: number; burst: number },
  ) {}

  async load(): Promise<void> {
    const list = await this.repository.listScenes(this.db.orm);
    this.scenes = new Map(list.map((s) => [s.id, s]));
    this.scenesAt = Date.now();
  }

  /** A scene from memory; a stale copy is served while a fresh one loads. */
  scene(id: string, now = Date.now()): SceneRow | undefined {
    if (now - this.scenesAt > CACHE_TTL_MS && !this.reloading) {
      this.reloading = this.load()
        .catch(() => undefined)
        .finally(() => (this.reloading = null));
    }
    return this.scenes.get(id);
  }

  /** Checks `X-Scanner-Key: <id>.<secret>`; 401 for an unknown id or wrong secret alike. */
  async authenticate(key: string | undefined, now = Date.now()): Promise<AuthenticScanner> {
    if (!key) {
      throw new AppError(
        'scanner_unauthorized',
        401,
        'Scans need the scanner key: X-Scanner-Key: <scannerId>.<secret>',
      );
    }
    const hit = this.verified.get(key);
    if (hit && now - hit.at <= CACHE_TTL_MS) {
      if (hit.scanner.status !== 'active') {
        throw new AppError('scanner_disabled', 403, `Scanner ${hit.scanner.id} is disabled`);
      }
      return hit.scanner;
    }
    const dot = key.indexOf('.');
    if (dot <= 0) throw scannerUnauthorized();
    const id = key.slice(0, dot);
    let entry = this.scanners.get(id);
    if (!entry || now - entry.at > CACHE_TTL_MS) {
      const row = await this.repository.findScanner(this.db.orm, id);
      entry = { scanner: row ? this.cacheable(row) : null, at: now };
      if (this.scanners.size >= MAX_CACHED_SCANNERS) this.scanners.clear();
      this.scanners.set(id, entry);
    }
    const scanner = entry.scanner;
    if (!scanner || !crypto.timingSafeEqual(hashSecret(key.slice(dot + 1)), scanner.keyHash)) {
      throw scannerUnauthorized();
    }
    if (this.verified.size >= MAX_CACHED_SCANNERS) this.verified.clear();
    this.verified.set(key, { scanner, at: entry.at });
    if (scanner.status !== 'active') {
      throw new AppError('scanner_disabled', 403, `Scanner ${id} is disabled`);
    }
    return scanner;
  }

  listScenes(type?: SceneType): Promise<SceneRow[]> {
    return this.repository.listScenes(this.db.orm, { type });
  }

  async getScene(id: string): Promise<SceneRow> {
    const row = await this.repository.findScene(this.db.orm, id);
    if (!row) throw notFound('scene', id);
    return row;
  }

  /** Creates a scene; fields or rules beyond its type's bounds are refused (400). */
  async createScene(actor: Actor, input: SceneInput): Promise<SceneRow> {
    assertSceneConfiguration(input.type, input.rules, input.fields);
    const row = await this.uow.run(async (ctx) => {
      const scene: NewScene = {
        id: input.id,
        type: input.type,
        name: input.name,
        nameEn: input.nameEn ?? null,
        regionId: input.regionId ?? null,
        rules: input.rules,
        fields: input.fields,
        status: 'active',
      };
      if ((await this.repository.insertScenes(ctx.sql, [scene])) === 0) {
        throw conflict('scene_exists', `Scene ${input.id} exists already`);
      }
      const stored = (await this.repository.findScene(ctx.sql, input.id))!;
      await this.announceScene(ctx, actor, stored, 'citycode.scene.create');
      return stored;
    });
    this.scenes.set(row.id, row);
    return row;
  }

  async updateScene(actor: Actor, id: string, change: SceneChange): Promise<SceneRow> {
    const row = await this.uow.run(async (ctx) => {
      const current = await this.repository.findScene(ctx.sql, id);
      if (!current) throw notFound('scene', id);
      const next = {
        name: change.name ?? current.name,
        nameEn: change.nameEn === undefined ? current.nameEn : change.nameEn,
        regionId: change.regionId === undefined ? current.regionId : change.regionId,
        rules: change.rules ?? current.rules,
        fields: change.fields ?? current.fields,
        status: change.status ?? current.status,
      };
      assertSceneConfiguration(current.type, next.rules, next.fields);
      if (!(await this.repository.updateScene(ctx.sql, id, change.version, next))) {
        throw conflict(
          'version_conflict',
          `Scene ${id} was changed by someone else (now version ${current.version}); reload and try again`,
        );
      }
      const stored = (await this.repository.findScene(ctx.sql, id))!;
      await this.announceScene(ctx, actor, stored, 'citycode.scene.update');
      return stored;
    });
    this.scenes.set(row.id, row);
    return row;
  }

  listScanners(sceneId?: string): Promise<ScannerRow[]> {
    return this.repository.listScanners(this.db.orm, { sceneId });
  }

  scannersByIds(ids: string[]): Promise<ScannerRow[]> {
    return this.repository.scannersByIds(this.db.orm, ids);
  }

  async getScanner(id: string): Promise<ScannerRow> {
    const row = await this.repository.findScanner(this.db.orm, id);
    if (!row) throw notFound('scanner', id);
    return row;
  }

  /** Registers scanners; each answer carries its key, shown this once and never stored. */
  async registerScanners(
    actor: Actor,
    inputs: ScannerInput[],
  ): Promise<Array<{ scanner: ScannerRow; key: string }>> {
    const prepared = inputs.map((input) => {
      const id = input.id ?? `scn-${crypto.randomBytes(6).toString('hex')}`;
      const secret = input.secret ?? crypto.randomBytes(32).toString('base64url');
      const row: NewScanner = {
        id,
        sceneId: input.sceneId,
        name: input.name,
        place: input.place ?? null,
        keyHash: hashSecret(secret).toString('hex'),
        ratePerSecond: input.ratePerSecond ?? this.defaults.ratePerSecond,
        burst: input.burst ?? this.defaults.burst,
        status: 'active',
      };
      return { row, key: `${id}.${secret}` };
    });
    const created = await this.uow.run(async (ctx) => {
      for (const sceneId of new Set(inputs.map((i) => i.sceneId))) {
        if (!(await this.repository.findScene(ctx.sql, sceneId))) {
          throw notFound('scene', sceneId);
        }
      }
      const inserted = await this.repository.insertScanners(
        ctx.sql,
        prepared.map((p) => p.row),
      );
      if (inserted !== prepared.length) {
        throw conflict('scanner_exists', 'A scanner with this id exists already');
      }
      const at = new Date().toISOString();
      await ctx.emit(
        ...prepared.map((p) =>
          citycodeEvent(
            'citycode.scanner.registered',
            { scannerId: p.row.id, sceneId: p.row.sceneId, at },
            { actorId: actor.id },
          ),
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'citycode.scanner.register',
        target: {
          type: 'scanner',
          id: prepared.length === 1 ? prepared[0]!.row.id : `${prepared.length} scanners`,
        },
        details: { scanners: prepared.map((p) => p.row.id).slice(0, 100) },
      });
      // One query on the transaction's connection (never several at once on it).
      const rows = await this.repository.scannersByIds(
        ctx.sql,
        prepared.map((p) => p.row.id),
      );
      return new Map(rows.map((row) => [row.id, row]));
    });
    return prepared.map((p) => {
      this.forget(p.row.id);
      return { scanner: created.get(p.row.id)!, key: p.key };
    });
  }

  /** Disables or enables a scanner, changes its rate, or gives it a new key (returned once). */
  async updateScanner(
    actor: Actor,
    id: string,
    change: { status?: Status; rotateKey?: boolean; ratePerSecond?: number; burst?: number },
  ): Promise<{ scanner: ScannerRow; key: string | null }> {
    const secret = change.rotateKey ? crypto.randomBytes(32).toString('base64url') : null;
    const scanner = await this.uow.run(async (ctx) => {
      const updated = await this.repository.updateScanner(ctx.sql, id, {
        ...(change.status ? { status: change.status } : {}),
        ...(change.ratePerSecond !== undefined ? { ratePerSecond: change.ratePerSecond } : {}),
        ...(change.burst !== undefined ? { burst: change.burst } : {}),
        ...(secret ? { keyHash: hashSecret(secret).toString('hex') } : {}),
      });
      if (!updated) throw notFound('scanner', id);
      await ctx.emit(
        citycodeEvent(
          'citycode.scanner.updated',
          {
            scannerId: id,
            sceneId: updated.sceneId,
            status: updated.status,
            keyRotated: secret !== null,
            at: new Date().toISOString(),
          },
          { actorId: actor.id },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'citycode.scanner.update',
        target: { type: 'scanner', id },
        details: {
          status: updated.status,
          keyRotated: secret !== null,
          ratePerSecond: updated.ratePerSecond,
          burst: updated.burst,
        },
      });
      return updated;
    });
    this.forget(id);
    return { scanner, key: secret ? `${id}.${secret}` : null };
  }

  private forget(scannerId: string): void {
    this.scanners.delete(scannerId);
    for (const [key, entry] of this.verified) {
      if (entry.scanner.id === scannerId) this.verified.delete(key);
    }
  }

  private cacheable(row: ScannerRow) {
    return {
      id: row.id,
      sceneId: row.sceneId,
      name: row.name,
      place: row.place,
      ratePerSecond: row.ratePerSecond,
      burst: row.burst,
      status: row.status,
      keyHash: Buffer.from(row.keyHash, 'hex'),
    };
  }

  private async announceScene(ctx: WriteContext, actor: Actor, scene: SceneRow, action: string) {
    await ctx.emit(
      citycodeEvent(
        'citycode.scene.configured',
        {
          sceneId: scene.id,
          type: scene.type,
          version: scene.version,
          status: scene.status,
          fields: scene.fields,
          at: new Date().toISOString(),
        },
        { actorId: actor.id, regionId: scene.regionId },
      ),
    );
    await ctx.audit({
      actor: { id: actor.id, name: actor.displayName },
      action,
      target: { type: 'scene', id: scene.id },
      regionId: scene.regionId,
      details: {
        type: scene.type,
        version: scene.version,
        status: scene.status,
        fields: scene.fields,
        rules: scene.rules,
      },
    });
  }
}
