import type { SQL } from 'drizzle-orm';
import type { TestApp } from '../../../../test/support/test-app.ts';

export { startTestApp, type TestApp } from '../../../../test/support/test-app.ts';

export async function waitForRows<R>(t: TestApp, query: SQL, timeoutMs = 5000): Promise<R[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await t.app.platform.db.rows<R>(query);
    if (rows.length > 0 || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
