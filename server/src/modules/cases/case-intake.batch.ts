import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Assignment } from './dispatch-resolution.ts';
import { formatCaseNumber, numberScope } from './case-number.ts';
import {
  collectEntry,
  newCaseRow,
  openedEvent,
  reporterRow,
  withinRadius,
  withoutDeclined,
} from './case-intake.records.ts';
import type {
  IntakeDeps,
  IntakeInput,
  IntakeResult,
  Placement,
  PossibleDuplicate,
} from './case-intake.workflow.ts';
import type { CaseRow, NewCase } from './case.repository.ts';
import { boundingBox, haversineMeters } from './geo-distance.ts';

/** One validated report waiting for its batch. */
export interface QueuedIntake {
  actor: Actor;
  input: IntakeInput;
  placement: Placement;
}

export type IntakeOutcome = { result: IntakeResult } | { error: unknown };

/** Numbers drawn for the batch; kept if the batch has to be retried one by one. */
export interface Numbered {
  now: Date;
  localDate: string;
  serial: number;
}

const MAX_DUPLICATES = 50;

/**
 * Stores a batch of validated reports (no photos, no alert) in one transaction: serials for
 * every district drawn in one statement before it, then one duplicate query for all the
 * points, one multi-row insert each for the cases, their reporters and their timeline
 * entries, and every `cases.case.opened` in one outbox insert. Reports in the same batch see
 * each other as possible duplicates, as they would one after the other. Returns the numbers
 * drawn too, so a failed batch can be retried report by report with the same numbers.
 */
export async function intakeBatch(
  deps: IntakeDeps,
  items: QueuedIntake[],
  serials: SerialReservoir,
  resolve: (classId: string, gridId: string) => Assignment | null,
): Promise<{ numbered: Numbered[]; run: () => Promise<IntakeResult[]> }> {
  const now = new Date();
  const localDate = (await deps.calendar.refresh()).localDate(now);
  const counts = new Map<string, number>();
  for (const { placement } of items) {
    const scope = numberScope(placement.districtId, localDate);
    counts.set(scope, (counts.get(scope) ?? 0) + 1);
  }
  const drawn = await serials.take(deps, counts);
  const numbered = items.map(({ placement }) => {
    const serial = drawn.get(numberScope(placement.districtId, localDate))?.shift() as number;
    return { now, localDate, serial };
  });
  return { numbered, run: () => storeBatch(deps, items, numbered, resolve) };
}

/** A district that gets this many reports in one batch is in a burst: reserve ahead. */
const BURST = 4;
const RESERVE_AHEAD = 32;

/**
 * Daily serials, drawn from the database per batch — and, while a district's reports come in
 * bursts, reserved a block ahead so that concurrent batches do not queue on the sequence row
 * (each draw locks it until it commits). Numbers stay unique across nodes; a restart may
 * leave a gap of up to the reserve, as a failed intake leaves one.
 */
export class SerialReservoir {
  private blocks = new Map<string, { next: number; last: number }>();

  async take(
    deps: Pick<IntakeDeps, 'db' | 'repository'>,
    counts: Map<string, number>,
  ): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    const missing = new Map<string, number>();
    for (const [scope, n] of counts) {
      const block = this.blocks.get(scope);
      const serials: number[] = [];
      while (block && serials.length < n && block.next <= block.last) serials.push(block.next++);
      out.set(scope, serials);
      if (serials.length < n) missing.set(scope, n - serials.length);
    }
    if (missing.size === 0) return out;
    const ask = new Map(
      [...missing].map(([scope, k]) => [scope, k >= BURST ? k + RESERVE_AHEAD : k]),
    );
    const last = await deps.repository.nextSerials(deps.db.orm, ask);
    if (this.blocks.size > 10_000) this.blocks.clear(); // yesterday's scopes
    for (const [scope, k] of missing) {
      const asked = ask.get(scope) as number;
      const top = last.get(scope) as number;
      const first = top - asked + 1;
      for (let i = 0; i < k; i++) out.get(scope)?.push(first + i);
      if (asked > k) this.blocks.set(scope, { next: first + k, last: top });
    }
    return out;
  }
}

async function storeBatch(
  deps: IntakeDeps,
  items: QueuedIntake[],
  numbered: Numbered[],
  resolve: (classId: string, gridId: string) => Assignment | null,
): Promise<IntakeResult[]> {
  const settings = await deps.settings.get();
  const radius = settings.duplicateRadiusMeters;
  const now = numbered[0]?.now ?? new Date();
  const rows: NewCase[] = items.map(({ actor, input, placement }, i) => {
    const cls = deps.catalog.classOf(input.classId);
    if (!cls) throw new AppError('unknown_class', 422, `${input.classId} is not a case class`);
    const { localDate, serial } = numbered[i] as Numbered;
    return newCaseRow(
      actor,
      input,
      placement,
      cls,
      now,
      formatCaseNumber(placement.districtId, localDate, serial),
    );
  });
  return deps.uow.run(async (ctx) => {
    const nearby = await deps.repository.findNearbyOpenMany(
      ctx.sql,
      rows.map((row) => ({ classId: row.classId, box: boundingBox([row.lng, row.lat], radius) })),
      new Date(now.getTime() - settings.duplicateWindowHours * 3600_000),
    );
    const duplicates = rows.map((row, i) => {
      const center: [number, number] = [row.lng, row.lat];
      const stored = withinRadius(
        center,
        nearby.filter((n) => n.box === i),
        radius,
      );
      return withoutDeclined(
        [...stored, ...earlierInBatch(rows, i, center, radius)],
        row.notDuplicateOf,
      )
        .sort((a, b) => a.distanceMeters - b.distanceMeters)
        .slice(0, MAX_DUPLICATES);
    });
    const created = await deps.repository.insertMany(ctx.sql, rows);
    await deps.repository.addReporters(
      ctx.sql,
      created.map((c, i) => reporterRow((items[i] as QueuedIntake).actor, items[i]!.input, c, now)),
    );
    await deps.timeline.appendMany(
      ctx.sql,
      created.map((c, i) =>
        collectEntry(items[i]!.actor, items[i]!.input, c.id, [], duplicates[i] ?? []),
      ),
    );
    await ctx.emit(...created.map((c, i) => openedEvent(items[i]!.actor, c, duplicates[i] ?? [])));
    return created.map((c: CaseRow, i) => ({
      case: c,
      possibleDuplicates: duplicates[i] ?? [],
      suggestedAssignment: resolve(c.classId, c.gridId),
    }));
  });
}

/** Reports earlier in the same batch, of the same class, within the radius. */
function earlierInBatch(
  rows: NewCase[],
  index: number,
  center: [number, number],
  radius: number,
): PossibleDuplicate[] {
  const row = rows[index] as NewCase;
  const out: PossibleDuplicate[] = [];
  for (let j = 0; j < index; j++) {
    const other = rows[j] as NewCase;
    if (other.classId !== row.classId) continue;
    const distance = Math.round(haversineMeters(center, [other.lng, other.lat]) * 10) / 10;
    if (distance > radius) continue;
    out.push({
      id: other.id,
      number: other.number,
      stage: 'collected',
      distanceMeters: distance,
      description: other.description,
      createdAt: other.createdAt,
    });
  }
  return out;
}
