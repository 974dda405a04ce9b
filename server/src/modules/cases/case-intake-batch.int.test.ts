import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../platform/auth/actor.ts';
import type { CasePriority } from './case-workflow.ts';
import {
  centroidOf,
  north,
  report,
  startCasesTestApp,
  type CasesTestApp,
} from './cases.test-support.ts';

/** Concurrent reports share transactions (the intake micro-batcher): what each caller sees. */
let t: CasesTestApp;
let token: string;
let street: string; // a street of 徐汇区: nothing else in these tests reports there
let grids: string[];

beforeAll(async () => {
  t = await startCasesTestApp();
  token = await t.login('acceptor.310104');
  street = t.app.regions.children('310104')[2]?.id as string;
  grids = t.app.regions.children(street).map((g) => g.id);
}, 300_000);
afterAll(() => t.close());

async function countFor(table: 'cases_timeline' | 'platform_outbox', ids: string[]) {
  const column = table === 'cases_timeline' ? sql`case_id::text` : sql`payload->>'caseId'`;
  const [row] = await t.app.platform.db.rows<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE ${column} IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )})`,
  );
  return row?.n ?? 0;
}

describe('batched intake', () => {
  it('40 reports at once: each stored once, numbered uniquely, with its timeline entry and event', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        report(t, token, {
          classId: 'E0104',
          at: centroidOf(t, grids[i % grids.length] as string),
          description: `乱堆物 ${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.response.statusCode)).toEqual(Array(40).fill(201));
    const numbers = results.map((r) => r.case.number);
    expect(new Set(numbers).size).toBe(40);
    expect(numbers.every((n) => /^XH-\d{8}-\d{6}$/.test(n))).toBe(true);
    const ids = results.map((r) => r.case.id);
    expect(await countFor('cases_timeline', ids)).toBe(40);
    expect(await countFor('platform_outbox', ids)).toBe(40);
  });

  it('two reports of one problem in the same batch see each other as possible duplicates', async () => {
    const at = centroidOf(t, grids[0] as string);
    const [a, b] = await Promise.all([
      report(t, token, { classId: 'E0501', at }),
      report(t, token, { classId: 'E0501', at: north(at, 10) }),
    ]);
    const seen = [
      a?.duplicates.map((d) => d.id).includes(b?.case.id as string),
      b?.duplicates.map((d) => d.id).includes(a?.case.id as string),
    ];
    // The later of the two (in the batch's order) names the earlier one.
    expect(seen.filter(Boolean)).toHaveLength(1);
  });

  it('a report the database refuses fails alone; the rest of its batch is stored', async () => {
    const actor: Actor = {
      id: 'batch-test',
      kind: 'staff',
      username: 'acceptor.batch',
      displayName: '受理员',
      assuranceLevel: 'basic',
      grants: [{ role: 'acceptor', regionId: street }],
    };
    const input = (i: number, priority?: CasePriority) => ({
      source: 'hotline_12345' as const,
      classId: 'E0104',
      description: `来电 ${i}`,
      lng: centroidOf(t, grids[(i + 3) % grids.length] as string)[0],
      lat: centroidOf(t, grids[(i + 3) % grids.length] as string)[1],
      ...(priority ? { priority } : {}),
    });
    const outcomes = await Promise.allSettled([
      t.app.cases.intake.intake(actor, input(0)),
      // Not a priority the table allows: the batch's insert fails on its CHECK constraint.
      t.app.cases.intake.intake(actor, input(1, 'whenever' as CasePriority)),
      t.app.cases.intake.intake(actor, input(2)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.case.id] : []));
    expect(await countFor('cases_timeline', stored)).toBe(2);
  });
});
