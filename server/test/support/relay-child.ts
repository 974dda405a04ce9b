/**
 * A platform node that relays and consumes events slowly, so a test can SIGKILL it in the
 * middle of delivery. Its consumer writes one effect row per event it handles.
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../../src/platform/config/config.ts';
import { createLogger } from '../../src/platform/log/logger.ts';
import { Platform } from '../../src/platform/platform.ts';
import { effectsConsumer } from './effects-consumer.ts';

const config = loadConfig(process.env);
const platform = await Platform.open({
  config,
  logger: createLogger('silent'),
  jetStreamName: process.env.ONECITY_TEST_STREAM,
  jetStreamAckWaitSeconds: 2,
  relay: { batchSize: 10, pollIntervalMs: 50 },
});
platform.subscribe(effectsConsumer(Number(process.env.EFFECT_DELAY_MS ?? '10')));
await platform.startBackground();
await platform.db.orm.execute(sql`SELECT 1`);
process.stdout.write('started\n');
// Reports how many effects are committed (a read outside the consumer's transaction), so the
// test can kill this process while delivery is under way, however slow the machine is.
const report = async () => {
  const result = (await platform.db.orm.execute(
    sql`SELECT count(*)::int AS n FROM test_effects`,
  )) as unknown as { rows: Array<{ n: number }> };
  process.stdout.write(`committed ${result.rows[0]?.n ?? 0}\n`);
  setTimeout(() => void report(), 20);
};
void report();
