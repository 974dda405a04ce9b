import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import { citycodeEvent } from './citycode.events.ts';
import { attributesOf, type HolderRepository, type HolderRow } from './holder.repository.ts';
import { toHolder, type Holder } from './scene-rules.ts';
import type { HolderAttributes } from './scene-types.ts';

/** How long a node trusts a holder it read (attribute changes elsewhere show up after this). */
const HOLDER_TTL_MS = 30_000;
const MAX_CACHED = 500_000;

/**
 * Holders and their attributes. The scan path reads them through a cache keyed by the
 * holder number that codes carry, so a busy scanner costs no database read per scan.
 */
export class HolderService {
  private readonly byNo = new Map<number, { holder: Holder; at: number }>();
  private readonly loading = new Map<number, Promise<Holder | undefined>>();
  /** Accounts whose holder row is current (name, assurance level), by account id. */
  private readonly ensured = new Map<string, { no: number; key: string }>();

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: HolderRepository,
  ) {}

  /** The holder behind a code, or undefined when the number is unknown. */
  get(holderNo: number, now = Date.now()): Promise<Holder | undefined> | Holder {
    const cached = this.byNo.get(holderNo);
    if (cached && now - cached.at < HOLDER_TTL_MS) return cached.holder;
    const pending = this.loading.get(holderNo);
    if (pending) return pending;
    const load = this.repository
      .findByNo(this.db.orm, holderNo)
      .then((row) => (row ? this.remember(row, now) : undefined))
      .finally(() => this.loading.delete(holderNo));
    this.loading.set(holderNo, load);
    return load;
  }

  /** The holder number for a citizen's next code, creating the holder on the first one. */
  async ensureFor(actor: Actor): Promise<number> {
    const key = `${actor.displayName}\u0000${actor.assuranceLevel}`;
    const known = this.ensured.get(actor.id);
    if (known && known.key === key) return known.no;
    const row = await this.repository.ensure(this.db.orm, actor.id, {
      name: actor.displayName,
      assuranceLevel: actor.assuranceLevel,
    });
    this.remember(row, Date.now());
    if (this.ensured.size >= MAX_CACHED) this.ensured.clear();
    this.ensured.set(actor.id, { no: row.holderNo, key });
    return row.holderNo;
  }

  async attributesOf(accountId: string): Promise<HolderAttributes | null> {
    const row = await this.repository.findByAccount(this.db.orm, accountId);
    return row ? attributesOf(row) : null;
  }

  /** Replaces a holder's attributes (what the source systems reported), audited. */
  async put(actor: Actor, accountId: string, attributes: HolderAttributes): Promise<HolderRow> {
    const row = await this.uow.run(async (ctx) => {
      const stored = await this.repository.put(ctx.sql, accountId, attributes);
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'citycode.holder.update',
        target: { type: 'account', id: accountId },
        // Which attributes, never their values: the audit log is read by many.
        details: { attributes: Object.keys(attributes) },
      });
      await ctx.emit(
        citycodeEvent(
          'citycode.holder.updated',
          { accountId, at: new Date().toISOString() },
          { actorId: actor.id },
        ),
      );
      return stored;
    });
    this.remember(row, Date.now());
    this.ensured.delete(accountId);
    return row;
  }

  async require(accountId: string): Promise<HolderRow> {
    const row = await this.repository.findByAccount(this.db.orm, accountId);
    if (!row) throw notFound('city code holder', accountId);
    return row;
  }

  async importMany(list: Array<{ accountId: string } & HolderAttributes>): Promise<number> {
    return this.uow.run((ctx) => this.repository.importMany(ctx.sql, list));
  }

  private remember(row: HolderRow, now: number): Holder {
    const holder = toHolder(row.holderNo, row.accountId, attributesOf(row));
    if (this.byNo.size >= MAX_CACHED) this.byNo.clear();
    this.byNo.set(row.holderNo, { holder, at: now });
    return holder;
  }
}
