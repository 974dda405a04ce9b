/**
 * City code verification with a durable scan log (target: ≥ 24,000 scans/s with p99 < 50 ms
 * on a 2-core machine — three times Shanghai's peak of 8,000 a second).
 *
 *   npx tsx bench/citycode.bench.ts [--profile pg|pglite|nolog|all] [--duration s] [--connections N]
 *        [--holders N] [--scanners N] [--warmup s] [--cpu-prof dir] [--nodes N]
 *        [--loadgen lean|autocannon]
 *
 * The parent process is the load generator (bench/lib/http-load.ts: HTTP/1.1 keep-alive,
 * `--connections` in flight, each waiting for its answer like a scanner; `--loadgen autocannon`
 * for the old one, which costs twice the CPU per request); the server under test runs in child
 * processes, as it would in production — `--nodes N` API nodes on the same PostgreSQL database
 * (connections spread over them as a load balancer would; the bare route gets as many):
 *
 * - bare: a Fastify route with the same path, body schema and answer size that only answers
 *   (no verification, no database): the ceiling of HTTP on this machine, in the same run;
 * - pg: the real platform (OneCity) on PostgreSQL, a fresh `onecity_bench_citycode` database
 *   created and dropped by the run (skipped when PostgreSQL is not reachable);
 * - pglite: the real platform on the embedded PGlite, on disk in a temp dir;
 * - nolog: the real platform with the scan log's write replaced by a no-op — the whole scan
 *   path (HTTP, scanner key, rate limit, HMAC, holder, rules, answer) without the database,
 *   which shows what the durable log costs.
 *
 * Every request is a real scan: a scanner key (X-Scanner-Key) and a valid code issued to one of
 * `--holders` holders, each (scanner, code) pair used once, so every answer is an allow with
 * the scene's fields, written to the scan log (partitioned table, unique replay index,
 * per-minute counts) in a committed batch before it is sent. Afterwards the run checks that
 * the log holds at least as many allowed scans as were answered "allow".
 *
 * Environment: `ONECITY_CITYCODE_SCAN_LOG_THREAD=false` writes the log from the answering
 * thread (the default on PostgreSQL is the writer thread); `BENCH_SERVER_NODE_FLAGS` passes
 * flags to the server's node (e.g. `--max-semi-space-size=64`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { runLoad } from './lib/http-load.ts';

const TARGET_SCANS = 24_000;
const TARGET_P99_MS = 50;
const PG_SERVER =
  process.env.ONECITY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'onecity_bench_citycode';
const SCAN_PATH = '/api/v1/citycode/scans';

type Profile = 'bare' | 'nolog' | 'pg' | 'pglite';

interface Ready {
  type: 'ready';
  port: number;
  keys: string[];
  codes: string[];
  setupMs: number;
}
interface Counted {
  type: 'counted';
  allowed: number;
  denied: number;
  /** CPU time since `mark`: the server process, and the PostgreSQL backends serving it. */
  serverCpuMs: number;
  /** The kernel's part of it (sockets: HTTP and PostgreSQL). */
  serverSystemMs: number;
  /** The main thread alone (the one that answers HTTP): one core is its ceiling. */
  serverMainMs: number;
  pgCpuMs: number | null;
}
type FromChild = Ready | Counted | { type: 'marked' };
type ToChild = { type: 'mark' } | { type: 'count' } | { type: 'stop' };

/** CPU time of processes by pid from /proc (Linux), in ms; missing processes count 0. */
function procCpuMs(pids: number[], of: 'process' | 'task' = 'process'): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const file = of === 'task' ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
      const stat = fs.readFileSync(file, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 Hz).
      out.set(pid, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
    } catch {
      out.set(pid, 0);
    }
  }
  return out;
}

/** Answers `mark` and `count` with CPU used in between; `rows` counts the log (null: none). */
function answerMessages(
  send: (message: FromChild) => void,
  options: {
    count: () => Promise<{ allowed: number; denied: number }>;
    pgPids: (() => Promise<number[]>) | null;
    stop: () => Promise<void>;
  },
) {
  let cpu = process.cpuUsage();
  // The main thread's id is the process id (Linux): its own line under /proc/<pid>/task.
  const mainThreadMs = () => procCpuMs([process.pid], 'task').get(process.pid) ?? 0;
  let main = mainThreadMs();
  let pg = new Map<number, number>();
  process.on('message', async (message: ToChild) => {
    if (message.type === 'mark') {
      cpu = process.cpuUsage();
      main = mainThreadMs();
      pg = options.pgPids ? procCpuMs(await options.pgPids()) : new Map();
      send({ type: 'marked' });
    } else if (message.type === 'count') {
      const used = process.cpuUsage(cpu);
      let pgCpuMs: number | null = null;
      if (options.pgPids) {
        const now = procCpuMs(await options.pgPids());
        pgCpuMs = 0;
        for (const [pid, ms] of now) pgCpuMs += ms - (pg.get(pid) ?? 0);
      }
      const rows = await options.count();
      send({
        type: 'counted',
        ...rows,
        serverCpuMs: (used.user + used.system) / 1000,
        serverSystemMs: used.system / 1000,
        serverMainMs: mainThreadMs() - main,
        pgCpuMs,
      });
    } else if (message.type === 'stop') {
      await options.stop();
      process.exit(0);
    }
  });
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const role = process.env.CITYCODE_BENCH_ROLE as Profile | undefined;
if (role) await serve(role);
else await main();

// —— the server under test (child process) ——

async function serve(profile: Profile): Promise<void> {
  const send = (message: FromChild) => process.send!(message);
  const holders = Number(process.env.CITYCODE_BENCH_HOLDERS ?? 2000);
  const scannerCount = Number(process.env.CITYCODE_BENCH_SCANNERS ?? 500);
  const started = performance.now();
  if (profile === 'bare') {
    const { default: Fastify } = await import('fastify');
    const app = Fastify({ logger: false });
    const answer = {
      scanId: '00000000-0000-4000-8000-000000000000',
      decision: 'allow',
      reason: null,
      rule: null,
      scene: { id: 'clinic-ruijin', type: 'clinic', name: '瑞金医院门诊挂号' },
      scannedAt: new Date().toISOString(),
      fields: { name: '王小明', age: 36, insured: true, medicalInsuranceNo: 'SH000000001' },
    };
    app.post(
      SCAN_PATH,
      {
        schema: {
          body: {
            type: 'object',
            properties: { code: { type: 'string', minLength: 1, maxLength: 512 } },
            required: ['code'],
            additionalProperties: false,
          },
        },
      },
      async () => answer,
    );
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const keys = Array.from({ length: scannerCount }, (_, i) => `bare-${i}.secret`);
    const codes = Array.from({ length: holders }, (_, i) => `OC1.${String(i).padStart(70, 'x')}`);
    answerMessages(send, {
      count: async () => ({ allowed: 0, denied: 0 }),
      pgPids: null,
      stop: () => app.close(),
    });
    send({ type: 'ready', port: Number(new URL(address).port), keys, codes, setupMs: 0 });
    return;
  }

  const crypto = await import('node:crypto');
  const { sql } = await import('drizzle-orm');
  const { OneCity } = await import('../src/app.ts');
  const { loadConfig } = await import('../src/platform/config/config.ts');
  const { createLogger } = await import('../src/platform/log/logger.ts');
  const { systemActor } = await import('../src/platform/auth/actor.ts');
  const { demoScenes } = await import('../src/modules/citycode/index.ts');

  const config = loadConfig({
    ONECITY_DATA_DIR: process.env.CITYCODE_BENCH_DATA_DIR,
    ONECITY_DATABASE_URL: process.env.CITYCODE_BENCH_DATABASE_URL,
    ONECITY_LOG_LEVEL: 'warn',
    ONECITY_SEED_DEMO: 'false',
    // `ONECITY_CITYCODE_SCAN_LOG_THREAD=false` compares the in-process writer.
    ONECITY_CITYCODE_SCAN_LOG_THREAD: process.env.ONECITY_CITYCODE_SCAN_LOG_THREAD,
    // `ONECITY_CITYCODE_SCAN_LOG_BATCH=2000` compares one batch per burst of scans.
    ONECITY_CITYCODE_SCAN_LOG_BATCH: process.env.ONECITY_CITYCODE_SCAN_LOG_BATCH,
    ONECITY_MQTT_PORT: '0',
    // Codes are issued before the run and must outlive it.
    ONECITY_CITYCODE_TTL_SECONDS: '1800',
    HOST: '127.0.0.1',
    PORT: '0',
  });
  const app = await OneCity.create({ config, logger: createLogger('warn'), seedDemo: false });
  await app.prepare();
  if (profile === 'nolog') {
    Object.defineProperty(app.citycode.log, 'append', { value: async () => 'written' });
  }
  if (process.env.CITYCODE_BENCH_FURTHER_NODE) {
    // A further API node: node 0 set the scenes, scanners, holders and codes up.
    const address = await app.listen();
    answerMessages(send, {
      count: async () => ({ allowed: 0, denied: 0 }),
      pgPids: null,
      stop: () => app.close(),
    });
    send({
      type: 'ready',
      port: Number(new URL(address.replace('0.0.0.0', '127.0.0.1')).port),
      keys: [],
      codes: [],
      setupMs: performance.now() - started,
    });
    return;
  }
  const { registry, issuer } = app.citycode;
  for (const scene of demoScenes) await registry.createScene(systemActor, scene);
  // Scanners spread over every scene; a rate limit high enough never to refuse, still checked.
  const registered = await registry.registerScanners(
    systemActor,
    Array.from({ length: scannerCount }, (_, i) => ({
      id: `bench-${i}`,
      sceneId: demoScenes[i % demoScenes.length]!.id,
      name: `Bench scanner ${i}`,
      ratePerSecond: 100_000,
      burst: 100_000,
    })),
  );
  // Holders who meet every demo scene's rule, each with one code.
  const today = new Date();
  const people = Array.from({ length: holders }, (_, i) => ({
    accountId: crypto.randomUUID(),
    name: `市民${i}`,
    birthDate: `${1960 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
    assuranceLevel: 'real-name' as const,
    insured: true,
    medicalInsuranceNo: `SH${String(i).padStart(9, '0')}`,
    transitAccount: `SPTC${String(i).padStart(9, '0')}`,
    fareCategory: 'standard' as const,
    healthCertificateExpires: `${today.getUTCFullYear() + 1}-12-31`,
    vehiclePlates: [`沪A${String(i % 100_000).padStart(5, '0')}`],
  }));
  await app.citycode.holders.importMany(people);
  const codes: string[] = [];
  for (const person of people) {
    const issued = await issuer.issue({
      id: person.accountId,
      kind: 'citizen',
      username: `bench-${person.accountId}`,
      displayName: person.name,
      assuranceLevel: 'real-name',
      grants: [],
    });
    codes.push(issued.code);
  }
  const address = await app.listen();
  answerMessages(send, {
    count: async () => {
      const [row] = await app.platform.db.rows<{ allowed: number; denied: number }>(
        sql`SELECT count(*) FILTER (WHERE decision = 'allow')::int AS allowed,
                   count(*) FILTER (WHERE decision = 'deny')::int AS denied FROM citycode_scans`,
      );
      return { allowed: row?.allowed ?? 0, denied: row?.denied ?? 0 };
    },
    pgPids:
      app.platform.db.kind === 'postgres'
        ? async () =>
            (
              await app.platform.db.rows<{ pid: number }>(
                sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
              )
            ).map((r) => r.pid)
        : null,
    stop: () => app.close(),
  });
  send({
    type: 'ready',
    port: Number(new URL(address.replace('0.0.0.0', '127.0.0.1')).port),
    keys: registered.map((r) => r.key),
    codes,
    setupMs: performance.now() - started,
  });
}

// —— the load generator (parent) ——

interface Result {
  profile: Profile;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  allowed: number;
  allowedAll: number;
  other: number;
  errors: number;
  logged: number | null;
  setupMs: number;
  /** CPU µs per request: load generator, server process, PostgreSQL backends. */
  cpu: {
    load: number;
    server: number;
    serverSystem: number;
    serverMain: number;
    pg: number | null;
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      profile: { type: 'string', default: 'all' },
      duration: { type: 'string', default: '15' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '100' },
      holders: { type: 'string', default: '2000' },
      scanners: { type: 'string', default: '500' },
      'cpu-prof': { type: 'string' },
      loadgen: { type: 'string', default: 'lean' },
      nodes: { type: 'string', default: '1' },
    },
  });
  const positive = (name: string, raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  const duration = positive('duration', values.duration);
  const warmup = positive('warmup', values.warmup);
  const connections = positive('connections', values.connections);
  const holders = positive('holders', values.holders);
  const scanners = positive('scanners', values.scanners);
  if (values.loadgen !== 'lean' && values.loadgen !== 'autocannon') {
    throw new Error('--loadgen must be lean or autocannon');
  }
  const loadgen = values.loadgen;
  const nodes = positive('nodes', values.nodes);
  if (nodes > 1 && loadgen !== 'lean') throw new Error('--nodes > 1 needs --loadgen lean');
  if (!['pg', 'pglite', 'nolog', 'all'].includes(values.profile)) {
    throw new Error('--profile must be pg, pglite, nolog or all');
  }
  console.log(
    `machine   ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length} cores, node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `load      ${loadgen === 'lean' ? 'bench/lib/http-load (raw keep-alive sockets)' : 'autocannon'}, ${connections} connections, ${warmup} s warm-up + ${duration} s, ${holders} holders × ${scanners} scanners`,
  );
  const profiles: Profile[] = ['bare'];
  for (const p of ['nolog', 'pg', 'pglite'] as const) {
    if (values.profile === 'all' || values.profile === p) profiles.push(p);
  }

  const results: Result[] = [];
  for (const profile of profiles) {
    let env: Record<string, string> = {};
    let cleanup = async () => undefined as void;
    if (profile === 'pg') {
      const admin = new pg.Client({ connectionString: PG_SERVER });
      try {
        await admin.connect();
      } catch (error) {
        console.log(`pg        skipped: PostgreSQL not reachable (${(error as Error).message})`);
        continue;
      }
      await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${BENCH_DB}`);
      await admin.end();
      const url = new URL(PG_SERVER);
      url.pathname = `/${BENCH_DB}`;
      env = { CITYCODE_BENCH_DATABASE_URL: url.toString() };
      cleanup = async () => {
        const client = new pg.Client({ connectionString: PG_SERVER });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
        await client.end();
      };
    } else if (profile === 'nolog') {
      env = { CITYCODE_BENCH_DATA_DIR: 'memory://' };
    } else if (profile === 'pglite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onecity-bench-citycode-'));
      env = { CITYCODE_BENCH_DATA_DIR: dir };
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    try {
      results.push(
        await runProfile(profile, env, {
          duration,
          warmup,
          connections,
          holders,
          scanners,
          cpuProfDir: values['cpu-prof'],
          loadgen,
          // Several processes share a database only on PostgreSQL; `bare` gets as many
          // processes as the real platform, so the baseline uses the same cores.
          nodes: profile === 'pg' || profile === 'bare' ? nodes : 1,
        }),
      );
    } finally {
      await cleanup();
    }
  }

  const widths = [34, 10, 8, 8, 8, 10, 10, 12];
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const label: Record<Profile, string> = {
    bare: 'bare Fastify route (no work)',
    nolog: 'scan, log write stubbed out',
    pg: 'scan + durable log, PostgreSQL',
    pglite: 'scan + durable log, PGlite',
  };
  console.log('');
  console.log(line(['path', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-allow']));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of results) {
    console.log(
      line([
        label[r.profile],
        fmt(r.rps),
        fmt(r.p50, 1),
        fmt(r.p90, 1),
        fmt(r.p99, 1),
        fmt(r.max, 0),
        r.profile === 'bare' ? '—' : fmt(r.other + r.errors),
      ]),
    );
  }
  console.log('');
  // CPU time per request does not depend on what else the machine runs, so it tells what
  // two idle cores could do: 2 s of CPU per second over the server's (and PostgreSQL's) cost.
  console.log(
    line([
      'CPU per request (µs)',
      'loadgen',
      'server',
      'pg',
      'total',
      'srv kernel',
      'srv main',
      '2 cores ≈/s',
    ]),
  );
  for (const r of results) {
    const total = r.cpu.load + r.cpu.server + (r.cpu.pg ?? 0);
    console.log(
      line([
        label[r.profile],
        fmt(r.cpu.load, 1),
        fmt(r.cpu.server, 1),
        r.cpu.pg === null ? '—' : fmt(r.cpu.pg, 1),
        fmt(total, 1),
        fmt(r.cpu.serverSystem, 1),
        fmt(r.cpu.serverMain, 1),
        fmt(2e6 / total),
      ]),
    );
  }
  console.log(
    "  (srv kernel: the part of the server's CPU spent in the kernel — socket reads and writes; " +
      'srv main: the thread that answers HTTP, whose ceiling is one core (1,000,000 µs/s); ' +
      '2 cores ≈/s: 2,000,000 µs of CPU per second over the total: what the machine could do if nothing else ran)',
  );
  console.log('');
  const bare = results.find((r) => r.profile === 'bare');
  let pass = true;
  for (const r of results.filter((x) => x.profile !== 'bare')) {
    if (r.profile === 'nolog') {
      console.log(
        `nolog     ${fmt(r.rps)} scans/s = ${bare ? fmt((r.rps / bare.rps) * 100) : '?'} % of the bare route (no database: the ceiling of the scan path)`,
      );
      continue;
    }
    const ok = r.rps >= TARGET_SCANS && r.p99 < TARGET_P99_MS && r.other + r.errors === 0;
    const durable = r.logged !== null && r.logged >= r.allowedAll;
    if (r.profile === 'pg') pass = ok && durable;
    console.log(
      `${r.profile.padEnd(8)}  ${fmt(r.rps)} scans/s = ${bare ? fmt((r.rps / bare.rps) * 100) : '?'} % of the bare route; ` +
        `${fmt(r.allowedAll)} allowed answers (warm-up + run), ${fmt(r.logged ?? 0)} allowed scans in the log (${durable ? 'all logged' : 'MISSING'}); setup ${fmt(r.setupMs / 1000, 1)} s` +
        `; target ≥ ${fmt(TARGET_SCANS)}/s, p99 < ${TARGET_P99_MS} ms: ${ok ? 'PASS' : 'FAIL'}`,
    );
  }
  if (!results.some((r) => r.profile === 'pg')) pass = false;
  console.log(`target (PostgreSQL)  ${pass ? 'PASS' : 'FAIL'}`);
  process.exitCode = pass ? 0 : 1;
}

/** The scan log's batch histograms (sums over the API nodes) from their /metrics. */
async function batchFigures(ports: number[]) {
  const total = { count: 0, scans: 0, seconds: 0 };
  for (const port of ports) {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`)
      .then((r) => (r.ok ? r.text() : ''))
      .catch(() => '');
    const value = (name: string) =>
      Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? 0);
    total.count += value('onecity_citycode_scan_log_batch_scans_count');
    total.scans += value('onecity_citycode_scan_log_batch_scans_sum');
    total.seconds += value('onecity_citycode_scan_log_batch_seconds_sum');
  }
  return total;
}

async function runProfile(
  profile: Profile,
  env: Record<string, string>,
  options: {
    duration: number;
    warmup: number;
    connections: number;
    holders: number;
    scanners: number;
    /** Write a V8 CPU profile of the server process here. */
    cpuProfDir?: string;
    loadgen: 'lean' | 'autocannon';
    /** API node processes (pg only; the others are one process). */
    nodes: number;
  },
): Promise<Result> {
  // Node 0 sets the city code up; the others are further API nodes on the same database.
  const start = (index: number) => {
    const child: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
      execArgv: [
        '--import',
        'tsx',
        ...(process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean),
        ...(options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: {
        ...process.env,
        ...env,
        CITYCODE_BENCH_ROLE: profile,
        CITYCODE_BENCH_HOLDERS: String(options.holders),
        CITYCODE_BENCH_SCANNERS: String(options.scanners),
        CITYCODE_BENCH_FURTHER_NODE: index > 0 ? '1' : '',
      },
    });
    const next = <T extends FromChild['type']>(type: T) =>
      new Promise<Extract<FromChild, { type: T }>>((resolve, reject) => {
        const onMessage = (message: FromChild) => {
          if (message.type === type) {
            child.off('message', onMessage);
            resolve(message as Extract<FromChild, { type: T }>);
          }
        };
        child.on('message', onMessage);
        child.once('exit', (code) => reject(new Error(`${profile} server exited (${code})`)));
      });
    return { child, next };
  };
  const nodes: Array<ReturnType<typeof start>> = [];
  const all = <T extends FromChild['type']>(message: ToChild, type: T) =>
    Promise.all(
      nodes.map((node) => {
        const reply = node.next(type);
        node.child.send(message);
        return reply;
      }),
    );
  try {
    nodes.push(start(0));
    const ready = await nodes[0]!.next('ready');
    const ports = [ready.port];
    for (let n = 1; n < options.nodes; n++) {
      nodes.push(start(n));
      ports.push((await nodes[n]!.next('ready')).port);
    }
    const { keys, codes } = ready;
    // Request i uses scanner i mod S with code ⌊i / S⌋ mod H: no pair repeats within S × H.
    let i = 0;
    let allowed = 0;
    let other = 0;
    // Allowed answers of warm-up and run together: each must be in the log.
    let allowedAll = 0;
    const pairOf = (n: number) => ({
      key: keys[n % keys.length]!,
      code: codes[Math.floor(n / keys.length) % codes.length]!,
    });
    const count = (status: number, body: string) => {
      if (status === 200 && body.includes('"decision":"allow"')) {
        allowed++;
        allowedAll++;
      } else other++;
    };
    // Request heads per scanner key and body length, built once: the load generator's CPU is
    // taken from the same two cores as the server's.
    const heads = new Map<string, Buffer>();
    const lean = (seconds: number) =>
      runLoad({
        host: '127.0.0.1',
        ports,
        connections: options.connections,
        durationSeconds: seconds,
        nextRequest: () => {
          const { key, code } = pairOf(i++);
          const body = Buffer.from(`{"code":"${code}"}`);
          const id = `${key}|${body.length}`;
          let head = heads.get(id);
          if (!head) {
            head = Buffer.from(
              `POST ${SCAN_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
                `Content-Length: ${body.length}\r\nX-Scanner-Key: ${key}\r\n\r\n`,
            );
            heads.set(id, head);
          }
          return Buffer.concat([head, body]);
        },
        onResponse: count,
      });
    const load = async (seconds: number) => {
      if (options.loadgen === 'lean') {
        const r = await lean(seconds);
        return {
          requests: { total: r.requests },
          latency: r.latency,
          errors: r.errors,
          timeouts: 0,
        };
      }
      return autocannon({
        url: `http://127.0.0.1:${ready.port}`,
        connections: options.connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: SCAN_PATH,
            setupRequest: (request) => {
              const { key, code } = pairOf(i++);
              request.headers = { 'content-type': 'application/json', 'x-scanner-key': key };
              request.body = `{"code":"${code}"}`;
              return request;
            },
            onResponse: (status, body) => count(status, body),
          },
        ],
      });
    };
    await load(options.warmup);
    allowed = 0;
    other = 0;
    await all({ type: 'mark' }, 'marked');
    const batchesBefore = await batchFigures(ports);
    const loadCpu = process.cpuUsage();
    const run = await load(options.duration);
    const loadUsed = process.cpuUsage(loadCpu);
    const batchesAfter = await batchFigures(ports);
    if (i > keys.length * codes.length) {
      console.log(`${profile}: ran out of distinct (scanner, code) pairs: raise --holders`);
    }
    const counts = await all({ type: 'count' }, 'counted');
    // Node 0 counts the whole log and every PostgreSQL backend of the database.
    const counted = {
      ...counts[0]!,
      serverCpuMs: counts.reduce((sum, c) => sum + c.serverCpuMs, 0),
      serverSystemMs: counts.reduce((sum, c) => sum + c.serverSystemMs, 0),
      serverMainMs: counts.reduce((sum, c) => sum + c.serverMainMs, 0),
    };
    const perRequest = (ms: number) => (ms * 1000) / Math.max(1, run.requests.total);
    const result: Result = {
      profile,
      rps: run.requests.total / options.duration,
      p50: run.latency.p50,
      p90: run.latency.p90,
      p99: run.latency.p99,
      max: run.latency.max,
      requests: run.requests.total,
      allowed,
      allowedAll,
      other,
      errors: run.errors + run.timeouts,
      logged: profile === 'bare' || profile === 'nolog' ? null : counted.allowed,
      setupMs: ready.setupMs,
      cpu: {
        load: perRequest((loadUsed.user + loadUsed.system) / 1000),
        server: perRequest(counted.serverCpuMs),
        serverSystem: perRequest(counted.serverSystemMs),
        serverMain: perRequest(counted.serverMainMs),
        pg: counted.pgCpuMs === null ? null : perRequest(counted.pgCpuMs),
      },
    };
    console.log(
      `${profile.padEnd(8)}  ${Math.round(result.rps).toLocaleString('en-US')} req/s, p50 ${fmt(result.p50, 1)} ms, p99 ${fmt(result.p99, 1)} ms` +
        (profile === 'bare' ? '' : `, ${allowed} allowed, ${other} other, ${result.errors} errors`),
    );
    const batches = batchesAfter.count - batchesBefore.count;
    if (batches > 0) {
      console.log(
        `${profile.padEnd(8)}  scan log: ${batches.toLocaleString('en-US')} batches, ` +
          `${fmt((batchesAfter.scans - batchesBefore.scans) / batches, 1)} scans and ` +
          `${fmt(((batchesAfter.seconds - batchesBefore.seconds) * 1000) / batches, 2)} ms each ` +
          `(leaving to commit), ${fmt(batches / options.duration, 0)} commits/s`,
      );
    }
    return result;
  } finally {
    // Further nodes first: node 0 holds the in-memory database of the nolog profile.
    for (const { child } of nodes.reverse()) {
      if (child.connected) child.send({ type: 'stop' } satisfies ToChild);
      await new Promise((resolve) => {
        if (child.exitCode !== null) resolve(null);
        else child.once('exit', resolve);
        setTimeout(() => {
          child.kill('SIGKILL');
          resolve(null);
        }, 30_000).unref();
      });
    }
  }
}
