/**
 * A OneCity node doing MQTT ingest (embedded broker, or workers on ONECITY_MQTT_URL), so a test
 * can SIGKILL it mid-stream. Prints `ready <mqtt port> <http address>` once devices can publish.
 */
import { OneCity } from '../../src/app.ts';
import { EmbeddedMqttBroker } from '../../src/modules/iot/index.ts';
import { loadConfig } from '../../src/platform/config/config.ts';
import { createLogger } from '../../src/platform/log/logger.ts';

const config = loadConfig(process.env);
const app = await OneCity.create({
  config,
  logger: createLogger(process.env.ONECITY_TEST_LOG_LEVEL ?? 'silent'),
  seedDemo: false,
});
await app.prepare();
const address = await app.listen();
const port = app.mqtt instanceof EmbeddedMqttBroker ? app.mqtt.port : 0;
process.stdout.write(`ready ${port} ${address}\n`);
