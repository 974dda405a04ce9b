/**
 * Case intake (信息采集) through the cases module's real workflow, beside a bare INSERT of the
 * same rows in the same run, on PostgreSQL (a fresh database, dropped afterwards) and PGlite.
 *
 *   npx tsx bench/cases.bench.ts [--cases 20000] [--pglite-cases 4000] [--concurrency 64]
 *                                [--evaluation-cases 100000] [--database-url postgres://…]
 *                                [--skip-pglite] [--skip-postgres]
 *
 * Each intake is what a 12345 hotline integrator's call does: validate the report, locate its
 * grid (in memory), classify (known, enabled class), look for open duplicates of the class
 * within 50 m (one indexed bounding-box query), resolve the dispatch rules to a department,
 * number it and store it with its reporter, first timeline entry and `cases.case.opened` in
 * the outbox — one transaction; the outbox relay then delivers the event in-process. A tenth
 * of the reports repeat an earlier one's class and place, so the duplicate check finds some.
 * `--concurrency` intakes run at once, as an integrator pushing a queue would; the workflow
 * gathers concurrent reports into shared transactions (a micro-batcher).
 *
 * Two passes: "API node" with the outbox relay paused — the intake alone, its events wait in
 * the outbox as they do for the JetStream relay or worker nodes (the backlog is then delivered
 * and timed) — and "all in one" with this process's consumers taking their share of the
 * database, as `npm start` runs.
 *
 * The baseline inserts the very rows the intake stored into a copy of the case table (same
 * columns, same indexes), one INSERT per row at the same concurrency and nothing else.
 *
 * Afterwards the case table is topped up to `--evaluation-cases` cases spread over 90 days and
 * the evaluation (考核评价) is timed per department, region and day.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { OneCity } from '../src/app.ts';
import type { Actor } from '../src/platform/auth/actor.ts';
import { loadConfig } from '../src/platform/config/config.ts';
import { createLogger } from '../src/platform/log/logger.ts';
import type { IntakeInput } from '../src/modules/cases/index.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '20000' },
    'pglite-cases': { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '64' },
    'evaluation-cases': { type: 'string', default: '100000' },
    'database-url': {
      type: 'string',
      default:
        process.env.ONECITY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
  },
});

const concurrency = Number(values.concurrency);
const evaluationCases = Number(values['evaluation-cases']);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** A 12345 hotline operator's account over the whole city. */
function hotline(cityId: string): Actor {
  return {
    id: 'bench-hotline',
    kind: 'staff',
    username: 'hotline.bench',
    displayName: '12345 热线（压测）',
    assuranceLevel: 'real-name',
    grants: [{ role: 'acceptor', regionId: cityId }],
  };
}

/** Deterministic pseudo-random numbers, so both databases get the same reports. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Reports spread over every grid of the city, each point checked to lie in a grid. */
function reportsFor(app: OneCity, count: number, seed: number): IntakeInput[] {
  const rand = random(seed);
  const grids = app.regions.list({ level: 'grid', limit: 100_000, offset: 0 }).items;
  const classes = app.cases.catalog.listClasses().filter((c) => c.enabled);
  const out: IntakeInput[] = [];
  while (out.length < count) {
    const earlier = out.length > 20 && rand() < 0.1 ? out[Math.floor(rand() * out.length)] : null;
    if (earlier) {
      // The same problem reported again a few metres away: a possible duplicate.
      out.push({
        ...earlier,
        lat: earlier.lat + 0.00003,
        description: `${earlier.description}（再次反映）`,
      });
      continue;
    }
    const grid = grids[Math.floor(rand() * grids.length)];
    if (!grid) continue;
    const [lng, lat] = app.regions.get(grid.id).centroid;
    const jittered = { lng: lng + (rand() - 0.5) * 0.0004, lat: lat + (rand() - 0.5) * 0.0004 };
    const point = app.regions.locate(jittered.lng, jittered.lat)?.grid ? jittered : { lng, lat };
    if (!app.regions.locate(point.lng, point.lat)?.grid) continue;
    const cls = classes[Math.floor(rand() * classes.length)];
    if (!cls) continue;
    out.push({
      source: 'hotline_12345',
      classId: cls.id,
      description: `市民来电反映：${cls.smallName}，请尽快处置（${out.length + 1}）`,
      lng: point.lng,
      lat: point.lat,
      address: `${grid.name}附近`,
      reporterName: '市民',
      reporterPhone: '13800000000',
    });
  }
  return out;
}

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
  seconds: number;
}

/** Runs `work(i)` for i < count with `concurrency` in flight; per-call latency in ms. */
async function drive(
  label: string,
  count: number,
  work: (i: number) => Promise<void>,
): Promise<Run> {
  const latencies = new Float64Array(count);
  let next = 0;
  let done = 0;
  const started = performance.now();
  const progress = setInterval(() => {
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`\r  ${label}: ${fmt(done)} / ${fmt(count)}  ${fmt(done / seconds)}/s   `);
  }, 1000);
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) {
          const t0 = performance.now();
          await work(i);
          latencies[i] = performance.now() - t0;
          done += 1;
        }
      }),
    );
  } finally {
    clearInterval(progress);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\r  ${label}: ${fmt(count)} in ${fmt(seconds, 1)} s${' '.repeat(30)}\n`);
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    perSecond: count / seconds,
    p50: quantile(sorted, 0.5),
    p99: quantile(sorted, 0.99),
    seconds,
  };
}

async function bench(kind: 'PostgreSQL' | 'PGlite', databaseUrl: string | null, count: number) {
  console.log(`\ncase intake on ${kind}: ${fmt(count)} reports, ${concurrency} at a time`);
  const app = await OneCity.create({
    config: loadConfig({
      ...(databaseUrl ? { ONECITY_DATABASE_URL: databaseUrl } : {}),
      ONECITY_DATA_DIR: 'memory://',
      ONECITY_SEED_DEMO: 'false',
      ONECITY_MQTT_PORT: '0',
      ONECITY_LOG_LEVEL: 'silent',
    }),
    logger: createLogger('silent'),
    seedDemo: false,
  });
  try {
    const seedStarted = Date.now();
    await app.demo.run({ seed: 1, scale: 1, citizens: 0 });
    await app.prepare();
    console.log(`  demo city seeded in ${fmt((Date.now() - seedStarted) / 1000, 1)} s`);
    const actor = hotline(app.regions.rootId);
    const warmup = reportsFor(app, 200, 1);
    for (const input of warmup) await app.cases.intake.intake(actor, input);
    const reports = reportsFor(app, 2 * count, 20_260_301);
    const stored: Array<Record<string, unknown>> = new Array(count);
    let duplicates = 0;
    let unresolved = 0;
    const intakeOne = async (i: number) => {
      const result = await app.cases.intake.intake(actor, reports[i] as IntakeInput);
      if (result.possibleDuplicates.length > 0) duplicates += 1;
      if (!result.suggestedAssignment) unresolved += 1;
      if (i < count) stored[i] = result.case;
    };
    // API node: the relay is paused, so the events wait in the outbox (as they do for
    // the JetStream relay or worker nodes that deliver them) and only the intake is measured.
    await app.platform.relay.stop();
    const intake = await drive('intake (API node)', count, intakeOne);
    const backlogStarted = performance.now();
    const delivered = await app.platform.relay.drain();
    const deliverySeconds = (performance.now() - backlogStarted) / 1000;
    app.platform.relay.start();
    console.log(
      `  delivered the ${fmt(delivered)} events to this process's consumers in ${fmt(deliverySeconds, 1)} s`,
    );
    // All in one process, as \`npm start\` runs: consumers take their share of the database.
    const allInOne = await drive('intake (all in one)', count, (i) => intakeOne(count + i));
    const db = app.platform.db;
    await db.exec(
      'DROP TABLE IF EXISTS bench_bare_cases; CREATE TABLE bench_bare_cases (LIKE cases_cases INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)',
    );
    const bare = await drive('bare INSERT', count, async (i) => {
      const c = stored[i] as Record<string, unknown> & { id: string };
      await db.orm.execute(sql`
        INSERT INTO bench_bare_cases (id, number, source, class_id, priority, description, address,
          lng, lat, grid_id, street_id, district_id, reporter_id, reporter_name, reporter_phone,
          stage, created_at, updated_at, version)
        VALUES (${c.id}, ${c.number}, ${c.source}, ${c.classId}, ${c.priority}, ${c.description},
          ${c.address}, ${c.lng}, ${c.lat}, ${c.gridId}, ${c.streetId}, ${c.districtId},
          ${c.reporterId}, ${c.reporterName}, ${c.reporterPhone}, ${c.stage}, ${c.createdAt},
          ${c.updatedAt}, 1)`);
    });
    await db.exec('DROP TABLE bench_bare_cases');
    const evaluation = await timeEvaluation(app);
    return {
      kind,
      count,
      intake,
      allInOne,
      bare,
      duplicates,
      unresolved,
      evaluation,
      eventsPerSecond: delivered / deliverySeconds,
    };
  } finally {
    await app.close();
  }
}

/** Tops the case table up to `evaluationCases` over 90 days and times the evaluation. */
async function timeEvaluation(app: OneCity) {
  const db = app.platform.db;
  const [have] = await db.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM cases_cases`);
  const missing = Math.max(0, evaluationCases - (have?.n ?? 0));
  const started = Date.now();
  for (let done = 0; done < missing; done += 50_000) {
    const chunk = Math.min(50_000, missing - done);
    // Copies of the intake's cases, received over the last 90 days, at every stage.
    await db.orm.execute(sql`
      WITH src AS (
        SELECT (row_number() OVER ())::int - 1 AS k, x.*
          FROM (SELECT source, class_id, priority, description, lng, lat, grid_id, street_id,
                       district_id
                  FROM cases_cases WHERE number NOT LIKE 'EV-%' LIMIT 1000) x
      ), g AS (
        SELECT i, floor(random() * 5)::int AS rank, now() - random() * interval '90 days' AS at,
               random() AS overdue, random() AS rework, random() AS returned, random() AS handle
          FROM generate_series(1, ${chunk}::int) AS i
      )
      INSERT INTO cases_cases (id, number, source, class_id, priority, description, lng, lat,
        grid_id, street_id, district_id, stage, overdue_count, rework_count, return_count,
        assignee_department_id, created_at, registered_at, dispatched_at, reported_back_at,
        closed_at, updated_at, version)
      SELECT gen_random_uuid(), 'EV-' || ${done}::int || '-' || g.i, src.source, src.class_id,
             src.priority, src.description, src.lng, src.lat, src.grid_id, src.street_id,
             src.district_id,
             (ARRAY['collected', 'registered', 'dispatched', 'reported_back', 'closed'])[g.rank + 1],
             (g.overdue < 0.1)::int, (g.rework < 0.05)::int, (g.returned < 0.05)::int,
             CASE WHEN g.rank >= 2 THEN src.district_id || '.cg' END,
             g.at,
             CASE WHEN g.rank >= 1 THEN g.at + interval '1 hour' END,
             CASE WHEN g.rank >= 2 THEN g.at + interval '2 hours' END,
             CASE WHEN g.rank >= 3 THEN g.at + interval '2 hours' + g.handle * interval '48 hours' END,
             CASE WHEN g.rank >= 4 THEN g.at + interval '60 hours' END,
             g.at, 1
        FROM g JOIN src ON src.k = g.i % (SELECT count(*) FROM src)`);
    process.stdout.write(`\r  evaluation data: ${fmt(done + chunk)} / ${fmt(missing)} cases added`);
  }
  await db.orm.execute(sql`ANALYZE cases_cases`);
  if (missing > 0) {
    process.stdout.write(`  (${fmt((Date.now() - started) / 1000, 1)} s)\n`);
  }
  const commander: Actor = {
    id: 'bench-commander',
    kind: 'staff',
    username: 'commander.bench',
    displayName: '指挥长',
    assuranceLevel: 'real-name',
    grants: [{ role: 'commander', regionId: app.regions.rootId }],
  };
  const from = new Date(Date.now() - 90 * 86_400_000).toISOString();
  const timings: Record<string, number> = {};
  for (const groupBy of ['department', 'region', 'period'] as const) {
    await app.cases.evaluation.evaluate(commander, { groupBy, from }); // warm
    const t0 = performance.now();
    const result = await app.cases.evaluation.evaluate(commander, { groupBy, from });
    timings[groupBy] = performance.now() - t0;
    if (groupBy === 'department') timings.cases = result.total.received;
  }
  return timings;
}

function report(results: Array<Awaited<ReturnType<typeof bench>>>) {
  const header = [
    'database',
    'cases',
    'intake/s',
    'p50 ms',
    'p99 ms',
    'bare INSERT/s',
    'p50 ms',
    'intake ÷ bare',
    'all-in-one/s',
    'p99 ms',
  ];
  const rows = results.map((r) => [
    r.kind,
    fmt(r.count),
    fmt(r.intake.perSecond),
    fmt(r.intake.p50, 2),
    fmt(r.intake.p99, 2),
    fmt(r.bare.perSecond),
    fmt(r.bare.p50, 2),
    `${fmt(r.intake.perSecond / r.bare.perSecond, 2)}×`,
    fmt(r.allInOne.perSecond),
    fmt(r.allInOne.p99, 2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  console.log(
    `\n${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, concurrency ${concurrency}`,
  );
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const r of results) {
    console.log(
      `${r.kind}: events delivered in process at ${fmt(r.eventsPerSecond)}/s; ${fmt(r.duplicates)} intakes found possible duplicates, ${fmt(r.unresolved)} without a dispatch target; ` +
        `evaluation over ${fmt(r.evaluation.cases ?? 0)} cases (90 days): department ${fmt(r.evaluation.department ?? 0)} ms, ` +
        `region ${fmt(r.evaluation.region ?? 0)} ms, day ${fmt(r.evaluation.period ?? 0)} ms`,
    );
  }
}

const results: Array<Awaited<ReturnType<typeof bench>>> = [];
if (!values['skip-postgres']) {
  const server = values['database-url'];
  const name = `onecity_bench_cases_${process.pid}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    results.push(await bench('PostgreSQL', url.toString(), Number(values.cases)));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
if (!values['skip-pglite']) {
  results.push(await bench('PGlite', null, Number(values['pglite-cases'])));
}
report(results);
