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
