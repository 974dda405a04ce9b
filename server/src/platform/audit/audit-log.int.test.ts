import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Platform } from '../platform.ts';
import {
  createTestEnvironment,
  testLogger,
  type TestEnvironment,
} from '../../../test/support/test-platform.ts';
import { canonicalJson } from './audit-log.ts';

let env: TestEnvironment;
let platform: Platform;

beforeAll(async () => {
  env = await createTestEnvironment();
  platform = await Platform.open({ config: env.config, logger: testLogger() });
  await platform.migrate([]);
});
afterAll(async () => {
  await platform.close();
  await env.cleanup();
});

beforeEach(async () => {
  await platform.db.exec(
    `DELETE FROM platform_audit_log; UPDATE platform_audit_head SET seq = 0, hash = 'genesis';`,
  );
  for (let i = 1; i <= 8; i++) {
    await platform.uow.run((ctx) =>
      ctx.audit({
        actor: { id: 'acc-1', name: '张三' },
        action: 'regions.rename',
        target: { type: 'region', id: `31010100${i}` },
        regionId: '310101',
        details: { to: `新名字${i}`, from: `旧名字${i}`, nested: { b: 2, a: 1 } },
      }),
    );
  }
});

const verify = () => platform.auditLog.verify(platform.db.orm, 3);

describe('audit log hash chain', () => {
  it('verifies an untouched chain, across pages', async () => {
    expect(await verify()).toEqual({ ok: true, checked: 8, problems: [] });
  });

  it('is not written when the change it records rolls back', async () => {
    await expect(
      platform.uow.run(async (ctx) => {
        await ctx.audit({
          actor: { id: 'a', name: 'a' },
          action: 'x.y',
          target: { type: 't', id: '1' },
        });
        throw new Error('change failed');
      }),
    ).rejects.toThrow();
    expect((await verify()).checked).toBe(8);
  });

  it('reports an edited row', async () => {
    await platform.db.orm.execute(
      sql`UPDATE platform_audit_log SET details = jsonb_set(details, '{to}', '"篡改"') WHERE seq = 5`,
    );
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ seq: 5, kind: 'edited' })]);
  });

  it('reports an edited actor', async () => {
    await platform.db.orm.execute(
      sql`UPDATE platform_audit_log SET actor_id = 'someone-else' WHERE seq = 2`,
    );
    expect((await verify()).problems).toEqual([
      expect.objectContaining({ seq: 2, kind: 'edited' }),
    ]);
  });

  it('reports a deleted row in the middle', async () => {
    await platform.db.orm.execute(sql`DELETE FROM platform_audit_log WHERE seq = 4`);
    expect((await verify()).problems).toEqual([
      expect.objectContaining({ seq: 4, kind: 'deleted' }),
    ]);
  });

  it('reports rows cut from the end', async () => {
    await platform.db.orm.execute(sql`DELETE FROM platform_audit_log WHERE seq >= 7`);
    expect((await verify()).problems).toEqual([expect.objectContaining({ kind: 'head-mismatch' })]);
  });

  it('reports a row slipped in with renumbering', async () => {
    // Shift rows 5.. up by one and put a forged row at 5 that copies row 4's link.
    await platform.db.exec(`
      UPDATE platform_audit_log SET seq = seq + 100 WHERE seq >= 5;
      UPDATE platform_audit_log SET seq = seq - 99 WHERE seq >= 105;
      INSERT INTO platform_audit_log (seq, at, actor_id, actor_name, action, target_type, target_id, details, prev_hash, hash)
        SELECT 5, at, actor_id, actor_name, action, target_type, target_id, details, prev_hash, hash FROM platform_audit_log WHERE seq = 4;
      UPDATE platform_audit_head SET seq = 9;`);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.seq)).toContain(5);
  });

  it('hashes key order independently', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
    );
  });
});
