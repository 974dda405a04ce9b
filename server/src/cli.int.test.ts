import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/support/test-app.ts';

const run = promisify(execFile);
const bin = path.resolve(import.meta.dirname, '../bin/onecity.js');

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({}, { onDisk: true });
  const admin = await t.login('admin');
  await t.request({
    method: 'PATCH',
    url: '/api/v1/regions/310101002',
    token: admin,
    payload: { name: '南京东路街道·改' },
  });
  await t.app.close();
});
afterAll(() => t.env.cleanup());

async function onecity(...args: string[]) {
  try {
    const { stdout } = await run(process.execPath, [bin, ...args], {
      env: {
        ...process.env,
        ONECITY_DATA_DIR: t.env.config.dataDir,
        ONECITY_DATABASE_URL: t.env.config.databaseUrl ?? '',
        ONECITY_NATS_URL: '',
        ONECITY_LOG_LEVEL: 'warn',
      },
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout + e.stderr };
  }
}

describe('onecity CLI', () => {
  it('migrate is idempotent', async () => {
    const result = await onecity('migrate');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('Migrations are up to date');
  });

  it('audit verify passes on an intact log and catches a tampered row', async () => {
    const intact = await onecity('audit', 'verify');
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/Audit log intact: \d+ entries verified/);

    // Somebody with database access rewrites history.
    const { Platform } = await import('./platform/platform.ts');
    const { testLogger } = await import('../test/support/test-platform.ts');
    const platform = await Platform.open({ config: t.env.config, logger: testLogger() });
    await platform.db.rows(
      sql`UPDATE platform_audit_log SET details = '{"from":"南京东路街道","to":"别的名字"}' WHERE action = 'regions.rename'`,
    );
    await platform.close();

    const tampered = await onecity('audit', 'verify');
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toContain('Audit log TAMPERED');
    expect(tampered.stdout).toMatch(/#\d+\s+edited/);
  });

  it('registers, changes, re-keys and disables a relying party', async () => {
    const added = await onecity(
      'oidc',
      'clients',
      'add',
      '--name',
      'Clinic portal',
      '--redirect-uri',
      'https://clinic.example.test/cb',
    );
    expect(added.code, added.stdout).toBe(0);
    const clientId = /client_id\s+(\S+)/.exec(added.stdout)![1]!;
    const secret = /client_secret\s+(\S+)/.exec(added.stdout)![1]!;
    const updated = await onecity(
      'oidc',
      'clients',
      'update',
      clientId,
      '--redirect-uri',
      'https://clinic.example.test/new-cb',
      '--required-acr',
      'realname',
    );
    expect(updated.code, updated.stdout).toBe(0);
    expect(updated.stdout).toContain('https://clinic.example.test/new-cb');
    const badAcr = await onecity('oidc', 'clients', 'update', clientId, '--required-acr', 'high');
    expect(badAcr.code).not.toBe(0);
    expect(badAcr.stdout).toContain('onecity: --required-acr must be');
    expect(badAcr.stdout).not.toContain('    at ');
    const badGrant = await onecity(
      'oidc',
      'clients',
      'add',
      '--name',
      'x',
      '--redirect-uri',
      'https://x.example.test/cb',
      '--grant',
      'password',
    );
    expect(badGrant.code).toBe(1);
    expect(badGrant.stdout.trim()).toBe('onecity: unknown grant type password');
    const rotated = await onecity('oidc', 'clients', 'rotate-secret', clientId);
    expect(rotated.code, rotated.stdout).toBe(0);
    expect(/client_secret\s+(\S+)/.exec(rotated.stdout)![1]).not.toBe(secret);
    expect((await onecity('oidc', 'clients', 'disable', clientId)).code).toBe(0);
    const list = await onecity('oidc', 'clients', 'list');
    expect(list.stdout).toMatch(new RegExp(`${clientId}\\s+disabled`));
    expect((await onecity('oidc', 'clients', 'enable', clientId)).code).toBe(0);
    expect((await onecity('oidc', 'clients', 'list')).stdout).toMatch(
      new RegExp(`${clientId}\\s+active`),
    );
    // Seven CLI processes, each opening the platform: minutes on a loaded machine.
  }, 240_000);

  it('gives a clear message for bad configuration', async () => {
    const { stdout, code } = await (async () => {
      try {
        await run(process.execPath, [bin, 'migrate'], { env: { ...process.env, PORT: 'eighty' } });
        return { code: 0, stdout: '' };
      } catch (error) {
        const e = error as { code: number; stderr: string };
        return { code: e.code, stdout: e.stderr };
      }
    })();
    expect(code).toBe(1);
    expect(stdout).toContain('PORT must be an integer');
    expect(stdout).not.toContain('    at ');
  });
});
