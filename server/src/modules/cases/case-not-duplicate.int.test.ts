import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../../test/support/test-app.ts';
import {
  centroidOf,
  detail,
  north,
  outboxOf,
  report,
  startCasesTestApp,
  type CasesTestApp,
} from './cases.test-support.ts';

/**
 * 不是同一件事: a citizen shown possible duplicates before reporting says theirs is a different
 * problem. The decision is stored with the case, checked at the edge, and duplicate detection
 * stops offering those cases for it (so the acceptor is not led to merge it into them).
 */
let t: CasesTestApp;
const tokens: Record<string, string> = {};
const as = (name: string) => tokens[name] as string;
let spot: (i: number) => [number, number];

beforeAll(async () => {
  t = await startCasesTestApp();
  // A street of 黄浦区 that the other case tests leave alone.
  const street = t.app.regions.children('310101')[3]?.id as string;
  const grids = t.app.regions.children(street).map((g) => g.id);
  spot = (i) => centroidOf(t, grids[i % grids.length] as string);
  for (const name of ['citizen', 'citizen.realname', 'acceptor.310101']) {
    tokens[name] = await t.login(name);
  }
}, 300_000);
afterAll(() => t.close());

interface Duplicates {
  possibleDuplicates: Array<{ id: string; number: string; distanceMeters: number }>;
}

async function preview(token: string, classId: string, at: [number, number]) {
  return t.request({
    method: 'GET',
    url: `/api/v1/cases/possible-duplicates?classId=${classId}&lng=${at[0]}&lat=${at[1]}`,
    token,
  });
}

describe('the reporter says "not a duplicate" (notDuplicateOf)', () => {
  it('the check before reporting shows the open case nearby; reporting anyway records the decision', async () => {
    const place = spot(0);
    const first = await report(t, as('citizen'), {
      classId: 'E0501',
      at: place,
      description: '电瓶车堵住消防通道',
    });
    expect(first.response.statusCode).toBe(201);

    const shown = await preview(as('citizen.realname'), 'E0501', north(place, 15));
    expect(shown.statusCode).toBe(200);
    // The demo city may have its own E0501 nearby: the citizen declines all that were shown.
    const candidates = shown.json<Duplicates>().possibleDuplicates;
    const shownIds = candidates.map((d) => d.id);
    expect(shownIds).toContain(first.case.id);
    expect(candidates.find((d) => d.id === first.case.id)?.distanceMeters).toBeCloseTo(15, 0);

    const second = await report(t, as('citizen.realname'), {
      classId: 'E0501',
      at: north(place, 15),
      description: '另一辆电瓶车挡住单元门，不是同一处',
      notDuplicateOf: shownIds,
    });
    expect(second.response.statusCode).toBe(201);
    // Detection no longer offers the declined case for this report …
    expect(second.duplicates).toEqual([]);
    expect(
      second.response.json<{ case: { notDuplicateOf: string[] } }>().case.notDuplicateOf,
    ).toEqual(shownIds);

    // … nor in the acceptor's detail (no merge suggested either way), which shows the decision.
    const view = await detail(t, as('acceptor.310101'), second.case.id);
    expect(view.possibleDuplicates).toEqual([]);
    expect(view.availableActions).toContain('merge');
    const body = view as unknown as {
      notDuplicateOf: string[];
      notDuplicateCases: Array<{ id: string; number: string }>;
      timeline: Array<{ action: string; details: Record<string, unknown> }>;
    };
    expect(body.notDuplicateOf).toEqual(shownIds);
    expect(body.notDuplicateCases.map((c) => c.id)).toEqual(shownIds);
    expect(body.notDuplicateCases).toContainEqual({ id: first.case.id, number: first.case.number });
    expect(body.timeline[0]?.details).toMatchObject({ notDuplicateOf: shownIds });
    const master = await detail(t, as('acceptor.310101'), first.case.id);
    expect(master.possibleDuplicates.map((d) => d.id)).not.toContain(second.case.id);

    const [opened] = await outboxOf<{ notDuplicateOf: string[]; possibleDuplicateIds: string[] }>(
      t,
      'cases.case.opened',
      second.case.id,
    );
    expect(opened).toMatchObject({ notDuplicateOf: shownIds, possibleDuplicateIds: [] });

    // A third report nearby, without a decision, still sees both.
    const third = await report(t, as('citizen'), { classId: 'E0501', at: north(place, 5) });
    expect(third.duplicates.map((d) => d.id)).toEqual(
      expect.arrayContaining([first.case.id, second.case.id]),
    );
  });

  it('declining one candidate keeps the others offered', async () => {
    const place = spot(1);
    const a = await report(t, as('citizen'), { classId: 'E0104', at: place });
    const b = await report(t, as('citizen'), { classId: 'E0104', at: north(place, 10) });
    const c = await report(t, as('citizen.realname'), {
      classId: 'E0104',
      at: north(place, 5),
      notDuplicateOf: [a.case.id],
    });
    expect(c.response.statusCode).toBe(201);
    expect(c.duplicates.map((d) => d.id)).toEqual([b.case.id]);
  });

  it('an id that is not a case is 422 unknown_case and nothing is stored', async () => {
    const place = spot(2);
    const missing = '00000000-0000-4000-8000-000000000000';
    const { response } = await report(t, as('citizen'), {
      classId: 'E0501',
      at: place,
      notDuplicateOf: [missing],
    });
    const problem = expectProblem(response, 422, 'unknown_case');
    expect(problem.detail).toContain(missing);
    const after = await preview(as('citizen'), 'E0501', place);
    expect(after.json<Duplicates>().possibleDuplicates).toEqual([]);
  });

  it('a malformed id is 400 validation_failed', async () => {
    const { response } = await report(t, as('citizen'), {
      classId: 'E0501',
      at: spot(3),
      notDuplicateOf: ['HP-20261122-000015'],
    });
    expectProblem(response, 400, 'validation_failed');
  });

  it('the check before reporting refuses what intake refuses', async () => {
    expectProblem(await preview(as('citizen'), 'E9999', spot(0)), 422, 'unknown_class');
    expectProblem(await preview(as('citizen'), 'E0501', [116.397, 39.909]), 422, 'outside_city');
    const anonymous = await t.request({
      method: 'GET',
      url: '/api/v1/cases/possible-duplicates?classId=E0501&lng=121.49&lat=31.23',
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('English names', () => {
  it('classes and cases carry English class names and the district in English', async () => {
    const classes = await t.request({
      method: 'GET',
      url: '/api/v1/case-classes',
      token: as('citizen'),
    });
    const items = classes.json<{ items: Array<{ id: string; nameEn: string }> }>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((c) => c.nameEn && !/\p{Script=Han}/u.test(c.nameEn))).toBe(true);
    expect(items.find((c) => c.id === 'E0501')?.nameEn).toBe(
      'Street order / E-bikes parked in the wrong place',
    );
    const made = await report(t, as('citizen'), { classId: 'E0101', at: spot(4) });
    expect(made.response.json<{ case: Record<string, unknown> }>().case).toMatchObject({
      classNameEn: 'City appearance / Exposed rubbish',
      districtNameEn: 'Huangpu District',
    });
  });
});
