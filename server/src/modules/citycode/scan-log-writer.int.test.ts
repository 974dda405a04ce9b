import crypto from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OneCity } from '../../app.ts';
import {
  createTestEnvironment,
  testDatabaseServer,
  testLogger,
  type TestEnvironment,
} from '../../../test/support/test-platform.ts';
import { inProcessWriter, ThreadWriter, type ScanLogWriter } from './scan-log-writer.ts';
import { isReplayConflict, ScanLogRepository, type ScanRecord } from './scan-log.repository.ts';

let env: TestEnvironment;
let app: OneCity;
const repository = new ScanLogRepository();
const DAY_MS = 86_400_000;

beforeAll(async () => {
  env = await createTestEnvironment();
  app = await OneCity.create({ config: env.config, logger: testLogger(), seedDemo: false });
  await app.prepare();
});
afterAll(async () => {
  await app.close();
  await env.cleanup();
});

const record = (over: Partial<ScanRecord> = {}): ScanRecord => {
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  return {
    id: crypto.randomUUID(),
    windowAt: now,
    scannedAt: now,
    scannerId: 'writer-test-scanner',
    sceneId: 'writer-test-scene',
    accountId: crypto.randomUUID(),
    codeKind: 'OC1',
    codeNonce: crypto.randomBytes(12).toString('base64url'),
    decision: 'allow',
    reason: null,
    rule: null,
    ...over,
  };
};

async function logged(ids: string[]) {
  const { rows } = await app.platform.db.rawTransaction((tx) =>
    tx.query<Record<string, unknown>>(
      `SELECT id, window_at, scanned_at, scanner_id, scene_id, account_id, code_kind,
              code_nonce, decision, reason, rule
         FROM citycode_scans WHERE id = ANY($1::uuid[])`,
      [ids],
    ),
  );
  return new Map(rows.map((r) => [r.id as string, r]));
}

async function counts(sceneId: string) {
  const { rows } = await app.platform.db.rawTransaction((tx) =>
    tx.query<{ allowed: number; denied: number }>(
      `SELECT coalesce(sum(allowed), 0)::int AS allowed, coalesce(sum(denied), 0)::int AS denied
         FROM citycode_scan_counts WHERE scene_id = $1`,
      [sceneId],
    ),
  );
  return rows[0]!;
}

async function countShards(sceneId: string) {
  const { rows } = await app.platform.db.rawTransaction((tx) =>
    tx.query<{ shard: number }>(
      `SELECT DISTINCT shard FROM citycode_scan_counts WHERE scene_id = $1 ORDER BY shard`,
      [sceneId],
    ),
  );
  return rows.map((r) => r.shard);
}

const writers: Array<[string, () => ScanLogWriter]> = [
  ['in-process', () => inProcessWriter(app.platform.db, repository)],
  ...(testDatabaseServer
    ? [
        ['thread', () => new ThreadWriter({ url: env.config.databaseUrl!, poolSize: 2 })] as [
          string,
          () => ScanLogWriter,
        ],
      ]
    : []),
];

describe.each(writers)('the %s scan log writer', (name, make) => {
  let writer: ScanLogWriter;
  const sceneId = `writer-test-${name}`;
  beforeAll(() => {
    writer = make();
  });
  afterAll(() => writer.close());

  it('writes every field of a batch — nulls, a batch spanning two days — and adds its counts', async () => {
    const yesterday = new Date(Math.floor((Date.now() - DAY_MS) / 1000) * 1000);
    const batch = [
      record({ sceneId }),
      record({ sceneId, windowAt: yesterday }),
      record({
        sceneId,
        accountId: null,
        codeKind: null,
        codeNonce: null,
        decision: 'deny',
        reason: 'malformed',
      }),
      record({ sceneId, decision: 'deny', reason: 'not_eligible', rule: 'age' }),
    ];
    await writer.appendNew(batch, 0);
    const rows = await logged(batch.map((r) => r.id));
    expect(rows.size).toBe(4);
    for (const r of batch) {
      const row = rows.get(r.id)!;
      expect(new Date(row.window_at as string).getTime()).toBe(r.windowAt.getTime());
      expect(new Date(row.scanned_at as string).getTime()).toBe(r.scannedAt.getTime());
      expect(row).toMatchObject({
        scanner_id: r.scannerId,
        scene_id: r.sceneId,
        account_id: r.accountId,
        code_kind: r.codeKind,
        code_nonce: r.codeNonce,
        decision: r.decision,
        reason: r.reason,
        rule: r.rule,
      });
    }
    expect(await counts(sceneId)).toEqual({ allowed: 2, denied: 2 });
    // A batch within one day (straight into its partition) as well, counted in another shard.
    await writer.appendNew([record({ sceneId }), record({ sceneId })], 5);
    expect(await counts(sceneId)).toEqual({ allowed: 4, denied: 2 });
    expect(await countShards(sceneId)).toEqual([0, 5]);
  });

  it('refuses a batch holding a replay whole; the skipping write leaves only the replay out', async () => {
    const replaySceneId = `${sceneId}-replay`;
    const first = record({ sceneId: replaySceneId });
    await writer.appendNew([first], 1);
    const fresh = record({ sceneId: replaySceneId });
    const replay = { ...first, id: crypto.randomUUID() };
    const refused = await writer.appendNew([fresh, replay], 1).catch((error: unknown) => error);
    expect(isReplayConflict(refused)).toBe(true);
    expect((await logged([fresh.id])).size).toBe(0);
    expect(await counts(replaySceneId)).toEqual({ allowed: 1, denied: 0 });

    const skipped = await writer.appendSkippingReplays([fresh, replay], 2);
    expect([...skipped]).toEqual([replay.id]);
    expect([...(await logged([fresh.id, replay.id])).keys()]).toEqual([fresh.id]);
    expect(await counts(replaySceneId)).toEqual({ allowed: 2, denied: 0 });
  });
});

describe.skipIf(!testDatabaseServer)('the writer thread', () => {
  it('fails the batches in flight when it dies, and the next batch starts a new thread', async () => {
    const writer = new ThreadWriter({ url: env.config.databaseUrl!, poolSize: 1 });
    try {
      await writer.appendNew([record()], 0);
      const thread = (writer as unknown as { worker: Worker }).worker;
      const inFlight = writer.appendNew([record()], 0);
      await thread.terminate();
      await expect(inFlight).rejects.toThrow(/exited/);
      const next = record();
      await writer.appendNew([next], 0);
      expect((await logged([next.id])).size).toBe(1);
    } finally {
      await writer.close();
    }
  });
});

describe.skipIf(!testDatabaseServer)('count shards', () => {
  it('lets a batch commit while another transaction holds the same minute of another shard', async () => {
    const sceneId = 'writer-test-shards';
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    const writer = inProcessWriter(app.platform.db, repository);
    const other = new pg.Client({ connectionString: env.config.databaseUrl! });
    await other.connect();
    try {
      // Another node's batch, not yet committed, holding (scene, this minute, shard 0).
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO citycode_scan_counts (scene_id, minute, allowed, denied, shard)
         VALUES ($1, $2, 1, 0, 0)`,
        [sceneId, minute],
      );
      await writer.appendNew([record({ sceneId })], 1);
      expect(await counts(sceneId)).toEqual({ allowed: 1, denied: 0 });
      // The same shard has to wait for that commit.
      let done = false;
      const sameShard = writer.appendNew([record({ sceneId })], 0).then(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(done).toBe(false);
      await other.query('COMMIT');
      await sameShard;
      expect(await counts(sceneId)).toEqual({ allowed: 3, denied: 0 });
    } finally {
      await other.end();
    }
  });
});

describe('a writer thread that cannot reach its database', () => {
  it('fails the start-up check with the driver’s reason', async () => {
    const writer = new ThreadWriter({ url: 'postgres://nobody@127.0.0.1:1/none', poolSize: 1 });
    try {
      await expect(writer.check()).rejects.toThrow(/ECONNREFUSED|connect/);
    } finally {
      await writer.close();
    }
  });
});
