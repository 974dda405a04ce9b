import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { OneCity, version } from './app.ts';
import { ConfigError, loadConfig, type Config } from './platform/config/config.ts';
import { redactUrl } from './platform/db/database.ts';
import { AppError } from './platform/errors/app-error.ts';
import { createLogger } from './platform/log/logger.ts';

const program = new Command('onecity')
  .description('OneCity city operating platform')
  .version(version)
  .showHelpAfterError();

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('must be an integer');
  return n;
}

function config(): Config {
  return loadConfig(process.env);
}

function describeProfile(c: Config): string {
  return [
    `database: ${c.databaseUrl ? `PostgreSQL ${redactUrl(c.databaseUrl)}` : `embedded PGlite in ${c.dataDir}`}`,
    `event bus: ${c.natsUrl ? `NATS JetStream ${c.natsUrl}` : 'in-process'}`,
  ].join(', ');
}

program
  .command('start')
  .description('Start the platform: migrate, seed the demo city on first start, serve HTTP')
  .option('--scale <n>', 'grids per residents’ committee for the first demo seed', integer, 1)
  .option(
    '--no-simulate',
    'do not run the live demo (simulated demo devices; also ONECITY_DEMO_SIMULATE=false)',
  )
  .action(async (options: { scale: number; simulate: boolean }) => {
    const c = config();
    if (!options.simulate) c.demoSimulate = false;
    const logger = createLogger(c.logLevel);
    logger.info(`OneCity ${version} starting (${describeProfile(c)})`);
    const app = await OneCity.create({
      config: c,
      logger,
      demoScale: options.scale,
      liveDemo: true,
    });
    const address = await app.listen().catch(async (error: unknown) => {
      await app.close();
      throw error;
    });
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal} received: finishing requests and background work`);
      const force = setTimeout(() => {
        logger.error('graceful shutdown took over 20 s; exiting');
        process.exit(1);
      }, 20_000);
      force.unref();
      await app.close();
      logger.info('stopped');
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
    const seeded = await app.prepare();
    if (seeded && !seeded.skipped) {
      logger.info(
        `demo city seeded in ${(seeded.ms / 1000).toFixed(1)} s: ${seeded.regions} regions, ${seeded.departments} departments, ${seeded.accounts} accounts`,
      );
    }
    const url = address.replace('0.0.0.0', 'localhost').replace('[::]', 'localhost');
    logger.info(
      `OneCity is ready at ${url}  (API docs: ${url}/api/docs; demo login admin / OneCity@2026)`,
    );
  });

program
  .command('migrate')
  .description('Apply database migrations and exit')
  .action(async () => {
    const c = config();
    const logger = createLogger(c.logLevel === 'info' ? 'warn' : c.logLevel);
    const app = await OneCity.create({ config: c, logger });
    await app.close();
    console.log(`Migrations are up to date (${describeProfile(c)}).`);
  });

program
  .command('seed')
  .description('Seed the demo city into an empty database')
  .option('--seed <n>', 'random seed (same seed, same city)', integer)
  .option('--scale <n>', 'grids per residents’ committee (1 = the real 6,509 grids)', integer, 1)
  .action(async (options: { seed?: number; scale: number }) => {
    const c = config();
    if (options.seed !== undefined) c.demoSeed = options.seed;
    const logger = createLogger(c.logLevel);
    const app = await OneCity.create({ config: c, logger, seedDemo: false });
    try {
      if (await app.demo.isSeeded()) {
        console.log(
          'The demo city is already seeded here; nothing to do. (Use a fresh ONECITY_DATA_DIR to seed again.)',
        );
        return;
      }
      const result = await app.demo.run({ seed: c.demoSeed, scale: options.scale });
      console.log(
        `Seeded in ${(result.ms / 1000).toFixed(1)} s: ${result.regions} regions, ${result.departments} departments, ${result.accounts} accounts.`,
      );
    } finally {
      await app.close();
    }
  });

const devices = program.command('devices').description('IoT device registry tools');
devices
  .command('import <file>')
  .description('Provision devices from a CSV file (name,productId,lng,lat,tags,departmentId,token)')
  .option('--report <file>', 'write the per-row error report as JSON')
  .action(async (file: string, options: { report?: string }) => {
    const { csvRecords } = await import('./modules/iot/index.ts');
    const { systemActor } = await import('./platform/auth/actor.ts');
    const records = csvRecords(fs.readFileSync(file, 'utf8')).records;
    const app = await OneCity.create({
      config: config(),
      logger: createLogger('warn'),
      seedDemo: false,
    });
    try {
      const started = Date.now();
      const report = await app.iot.registry.importDevices(systemActor, records, (p) =>
        process.stdout.write(
          `\r${p.done.toLocaleString()}/${p.total.toLocaleString()} rows  created ${p.created.toLocaleString()}  failed ${p.failed.toLocaleString()}`,
        ),
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `\nImported in ${seconds} s: ${report.created} created, ${report.failed} failed.`,
      );
      for (const e of report.errors.slice(0, 20))
        console.log(`  row ${e.row}  ${e.field}: ${e.message}`);
      if (report.errors.length > 20) console.log(`  … and ${report.errors.length - 20} more`);
      if (options.report) fs.writeFileSync(options.report, `${JSON.stringify(report, null, 2)}\n`);
      if (report.failed > 0) process.exitCode = 2;
    } finally {
      await app.close();
    }
  });

function onOff(value: string): boolean {
  if (['on', 'true', 'yes', '1'].includes(value)) return true;
  if (['off', 'false', 'no', '0'].includes(value)) return false;
  throw new InvalidArgumentError('must be on or off');
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!(n >= 0)) throw new InvalidArgumentError('must be 0 or more');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('must be a positive number');
  return n;
}

program
  .command('simulate')
  .description(
    'Publish realistic telemetry for the demo devices over MQTT (daily cycles, noise, injected anomalies); devices and tokens come from the running platform’s API',
  )
  .option(
    '--url <url>',
    'MQTT broker (default: ONECITY_MQTT_URL, else mqtt://127.0.0.1:ONECITY_MQTT_PORT)',
  )
  .option(
    '--api <url>',
    'OneCity API for the device list and tokens (default: http://127.0.0.1:PORT)',
  )
  .option(
    '--user <username>',
    'account that manages the devices (password: ONECITY_SIM_PASSWORD, else the demo password)',
    'admin',
  )
  .option('--rate <n>', 'messages per second, all devices together', positive, 100)
  .option(
    '--devices <spec>',
    'a count (200), products (billboard-tilt,manhole-cover) or both (billboard-tilt:20)',
    '200',
  )
  .option('--duration <seconds>', 'stop after this long (0: until Ctrl-C)', nonNegative, 0)
  .option(
    '--anomalies <on|off>',
    'inject anomalies: billboard tilt, manhole open, pressure drop, silence',
    onOff,
    true,
  )
  .option('--anomaly-every <seconds>', 'start an anomaly this often', positive, 30)
  .option(
    '--anomaly-length <seconds>',
    'how long an anomaly lasts (silence: three times as long)',
    positive,
    60,
  )
  .option(
    '--topic <me|token>',
    'v1/devices/me/… (embedded broker) or v1/devices/<token>/… (external broker)',
  )
  .option('--create-rules', 'create alert rules that fire on the injected anomalies (if absent)')
  .option('--seed <n>', 'random seed of the signals', integer, 1)
  .action(
    async (options: {
      url?: string;
      api?: string;
      user: string;
      rate: number;
      devices: string;
      duration: number;
      anomalies: boolean;
      anomalyEvery: number;
      anomalyLength: number;
      topic?: string;
      createRules?: boolean;
      seed: number;
    }) => {
      const iot = await import('./modules/iot/index.ts');
      const { DEMO_PASSWORD } = await import('./demo/demo-people.ts');
      const c = config();
      const url = options.url ?? c.mqttUrl ?? `mqtt://127.0.0.1:${c.mqttPort}`;
      const topic = options.topic ?? (c.mqttUrl && !options.url ? 'token' : 'me');
      if (topic !== 'me' && topic !== 'token')
        throw new InvalidArgumentError('--topic: me or token');
      let spec: ReturnType<typeof iot.parseDeviceSpec>;
      try {
        spec = iot.parseDeviceSpec(options.devices);
      } catch (error) {
        console.error(`onecity: ${(error as Error).message}`);
        process.exitCode = 1;
        return;
      }
      const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
      try {
        const api = await iot.PlatformApi.login({
          api: options.api ?? `http://127.0.0.1:${c.port}`,
          username: options.user,
          password: process.env.ONECITY_SIM_PASSWORD ?? DEMO_PASSWORD,
        });
        if (options.createRules) {
          const created = await iot.ensureSimulatorRules(api);
          console.log(
            created.length
              ? `created alert rules: ${created.join(', ')}`
              : 'alert rules for the anomalies exist already',
          );
        }
        const { devices, thingModels } = await iot.fetchDevices(api, spec, (done, total) => {
          if (done === total || done % 100 === 0)
            process.stdout.write(`\rfetching device tokens ${fmt(done)}/${fmt(total)}`);
        });
        process.stdout.write('\n');
        if (devices.length === 0) {
          console.error('onecity: no devices to simulate (seed the demo city first: onecity seed)');
          process.exitCode = 1;
          return;
        }
        const perDevice = options.rate / devices.length;
        console.log(
          `simulating ${fmt(devices.length)} devices at ${fmt(options.rate)} msgs/s (one every ${(1 / perDevice).toFixed(1)} s each) → ${url} (topic v1/devices/${topic === 'me' ? 'me' : '<token>'}/telemetry)` +
            (perDevice > 50
              ? '  — above the embedded broker’s 50 msgs/s per device: add devices'
              : ''),
        );
        const simulator = await iot.TelemetrySimulator.start({
          url,
          devices,
          thingModels,
          rate: options.rate,
          durationMs: options.duration ? options.duration * 1000 : null,
          anomalies: options.anomalies,
          anomalyEveryMs: options.anomalyEvery * 1000,
          anomalyDurationMs: options.anomalyLength * 1000,
          topic,
          seed: options.seed,
          onProgress: (p) =>
            console.log(
              `${(p.elapsedMs / 1000).toFixed(0).padStart(5)} s  sent ${fmt(p.sent)}  acked ${fmt(p.acked)}  ${fmt(p.ratePerSecond)}/s  in flight ${fmt(p.inFlight)}  errors ${fmt(p.errors)}  anomalies ${p.anomalies}${p.throttled ? `  skipped ${fmt(p.throttled)} (broker behind)` : ''}  connected ${fmt(p.connected)}/${fmt(devices.length)}`,
            ),
          onAnomaly: (a) =>
            console.log(
              `anomaly: ${a.device.name} (${a.device.productId}) ${iot.anomalyDescriptions[a.kind]} for ${fmt(a.durationMs / 1000)} s`,
            ),
          onError: (() => {
            let shown = 0;
            return (message: string) => {
              if (shown++ < 10) console.error(`error: ${message}`);
              else if (shown === 11) console.error('error: … (further errors only counted)');
            };
          })(),
        });
        process.once('SIGINT', () => void simulator.stop());
        process.once('SIGTERM', () => void simulator.stop());
        const final = await simulator.done;
        console.log(
          `done in ${(final.elapsedMs / 1000).toFixed(1)} s: sent ${fmt(final.sent)}, acked ${fmt(final.acked)}, errors ${fmt(final.errors)}, anomalies ${final.anomalies}`,
        );
        if (final.acked === 0) process.exitCode = 2;
      } catch (error) {
        if (error instanceof iot.ApiError || error instanceof iot.SimulatorError) {
          console.error(`onecity: ${error.message}`);
          process.exitCode = 1;
          return;
        }
        throw error;
      }
    },
  );

const audit = program.command('audit').description('Audit log tools');
audit
  .command('verify')
  .description('Walk the audit hash chain; exit code 1 if any row was edited, inserted or deleted')
  .action(async () => {
    const c = config();
    const logger = createLogger('warn');
    const app = await OneCity.create({ config: c, logger, seedDemo: false });
    try {
      const result = await app.platform.auditLog.verify(app.platform.db.orm);
      if (result.ok) {
        console.log(`Audit log intact: ${result.checked} entries verified.`);
        return;
      }
      console.log(
        `Audit log TAMPERED: ${result.problems.length} problem(s) in ${result.checked} entries:`,
      );
      for (const p of result.problems) console.log(`  #${p.seq}  ${p.kind.padEnd(13)} ${p.detail}`);
      process.exitCode = 1;
    } finally {
      await app.close();
    }
  });

const oidcCommand = program
  .command('oidc')
  .description('Single sign-on: OneCity as the OpenID Connect provider');
const oidcClients = oidcCommand.command('clients').description('Relying parties');
const collect = (value: string, previous: string[]) => [...previous, value];

async function withSso<T>(work: (app: OneCity) => Promise<T>): Promise<T> {
  const app = await OneCity.create({
    config: config(),
    logger: createLogger('warn'),
    seedDemo: false,
  });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

oidcClients
  .command('add')
  .description('Register a relying party; prints its client id and secret (shown once)')
  .requiredOption('--name <name>', 'name shown on the login page')
  .option('--redirect-uri <uri>', 'where codes are sent (repeat for several)', collect, [])
  .option('--post-logout-redirect-uri <uri>', 'where logout returns (repeatable)', collect, [])
  .option(
    '--grant <type>',
    'authorization_code, refresh_token, client_credentials (repeatable; default the first two)',
    collect,
    [],
  )
  .option('--public', 'a public client (no secret; browser or phone apps, PKCE only)')
  .option('--pairwise', 'give this client its own subject for each person')
  .option('--scope <scope>', 'allowed scopes, space-separated')
  .option('--backchannel-logout-uri <uri>', 'where logout tokens are posted (back-channel logout)')
  .action(
    async (options: {
      backchannelLogoutUri?: string;
      name: string;
      redirectUri: string[];
      postLogoutRedirectUri: string[];
      grant: string[];
      public?: boolean;
      pairwise?: boolean;
      scope?: string;
    }) => {
      const { systemActor } = await import('./platform/auth/actor.ts');
      const { clientGrantTypes } = await import('./modules/sso/index.ts');
      const unknown = options.grant.filter(
        (g) => !(clientGrantTypes as readonly string[]).includes(g),
      );
      if (unknown.length > 0) {
        throw new InvalidArgumentError(`unknown grant type ${unknown.join(', ')}`);
      }
      await withSso(async (app) => {
        const { client, clientSecret } = await app.sso.clients.register(systemActor, {
          name: options.name,
          redirectUris: options.redirectUri,
          postLogoutRedirectUris: options.postLogoutRedirectUri,
          grantTypes:
            options.grant.length > 0
              ? (options.grant as (typeof clientGrantTypes)[number][])
              : undefined,
          public: options.public,
          pairwise: options.pairwise,
          scope: options.scope,
          backchannelLogoutUri: options.backchannelLogoutUri ?? null,
        });
        console.log(`client_id      ${client.clientId}`);
        if (clientSecret) console.log(`client_secret  ${clientSecret}   (shown once: keep it now)`);
        console.log(`issuer         ${app.sso.issuer}`);
        console.log(`discovery      ${app.sso.issuer}/.well-known/openid-configuration`);
      });
    },
  );

oidcClients
  .command('list')
  .description('List relying parties')
  .action(async () => {
    await withSso(async (app) => {
      for (const c of await app.sso.clients.list()) {
        console.log(
          `${c.clientId}  ${c.status.padEnd(8)}  ${c.metadata.grant_types.join(',').padEnd(40)}  ${c.name}`,
        );
      }
    });
  });

for (const [verb, status, description] of [
  ['disable', 'disabled', 'Disable a relying party (its sign-ins and token requests are refused)'],
  ['enable', 'active', 'Enable a disabled relying party again'],
] as const) {
  oidcClients
    .command(`${verb} <clientId>`)
    .description(description)
    .action(async (clientId: string) => {
      const { systemActor } = await import('./platform/auth/actor.ts');
      await withSso(async (app) => {
        await app.sso.clients.setStatus(systemActor, clientId, status);
        console.log(`${clientId} ${verb}d`);
      });
    });
}

oidcClients
  .command('update <clientId>')
  .description("Change a relying party's name, redirect URIs or least assurance level")
  .option('--name <name>', 'new name shown on the login page')
  .option('--redirect-uri <uri>', 'replaces every redirect URI (repeatable)', collect, [])
  .option('--post-logout-redirect-uri <uri>', 'replaces the logout URIs (repeatable)', collect, [])
  .option('--required-acr <level>', 'least level: basic, realname, realperson, or none')
  .option('--backchannel-logout-uri <uri>', 'where logout tokens are posted, or none')
  .action(
    async (
      clientId: string,
      options: {
        name?: string;
        redirectUri: string[];
        postLogoutRedirectUri: string[];
        requiredAcr?: string;
        backchannelLogoutUri?: string;
      },
    ) => {
      const { systemActor } = await import('./platform/auth/actor.ts');
      const { acrValues } = await import('./modules/sso/acr.ts');
      const acr = options.requiredAcr;
      if (acr !== undefined && acr !== 'none' && !(acrValues as readonly string[]).includes(acr)) {
        throw new InvalidArgumentError(`--required-acr must be ${acrValues.join(', ')} or none`);
      }
      const change = {
        ...(options.name ? { name: options.name } : {}),
        ...(options.redirectUri.length ? { redirectUris: options.redirectUri } : {}),
        ...(options.postLogoutRedirectUri.length
          ? { postLogoutRedirectUris: options.postLogoutRedirectUri }
          : {}),
        ...(acr === undefined
          ? {}
          : { requiredAcr: acr === 'none' ? null : (acr as (typeof acrValues)[number]) }),
        ...(options.backchannelLogoutUri === undefined
          ? {}
          : {
              backchannelLogoutUri:
                options.backchannelLogoutUri === 'none' ? null : options.backchannelLogoutUri,
            }),
      };
      if (Object.keys(change).length === 0) {
        throw new InvalidArgumentError('nothing to change: give --name, --redirect-uri, …');
      }
      await withSso(async (app) => {
        const client = await app.sso.clients.update(systemActor, clientId, change);
        console.log(`${client.clientId}  ${client.name}`);
        console.log(`redirect URIs  ${client.metadata.redirect_uris.join(' ')}`);
      });
    },
  );

oidcClients
  .command('rotate-secret <clientId>')
  .description('Give a relying party a new client secret (shown once); the old one stops working')
  .action(async (clientId: string) => {
    const { systemActor } = await import('./platform/auth/actor.ts');
    await withSso(async (app) => {
      const { clientSecret } = await app.sso.clients.rotateSecret(systemActor, clientId);
      console.log(`client_secret  ${clientSecret}   (shown once: keep it now)`);
    });
  });

const open311Keys = program
  .command('open311')
  .description('Open311 GeoReport v2 at /open311/v2/')
  .command('keys')
  .description("Third parties' API keys");

open311Keys
  .command('add')
  .description('Issue an API key; prints it once (only its SHA-256 is stored)')
  .requiredOption('--name <name>', 'who the key is for, e.g. an app or a partner system')
  .requiredOption('--contact <contact>', 'a person, e-mail or phone to reach them')
  .option(
    '--rate <perMinute>',
    'requests a minute (default ONECITY_OPEN311_RATE_PER_MINUTE)',
    integer,
  )
  .action(async (options: { name: string; contact: string; rate?: number }) => {
    const { systemActor } = await import('./platform/auth/actor.ts');
    await withSso(async (app) => {
      const { key, apiKey } = await app.open311.keys.create(systemActor, {
        name: options.name,
        contact: options.contact,
        ratePerMinute: options.rate,
      });
      console.log(`id        ${key.id}`);
      console.log(`api_key   ${apiKey}   (shown once: keep it now)`);
      console.log(`rate      ${key.ratePerMinute} requests a minute`);
      console.log(
        `endpoint  /open311/v2/discovery.json  (jurisdiction_id ${app.open311.georeport.jurisdictionId})`,
      );
    });
  });

open311Keys
  .command('list')
  .description('List API keys: prefix, status, rate, last use, holder')
  .action(async () => {
    await withSso(async (app) => {
      for (const k of await app.open311.keys.list()) {
        const used = k.lastUsedAt ? k.lastUsedAt.toISOString() : 'never';
        console.log(
          `${k.id}  ${k.keyPrefix}…  ${k.status.padEnd(7)}  ${String(k.ratePerMinute).padStart(5)}/min  last used ${used}  ${k.name} <${k.contact}>`,
        );
      }
    });
  });

open311Keys
  .command('revoke <id>')
  .description('Revoke an API key (its next request gets 403)')
  .action(async (id: string) => {
    const { systemActor } = await import('./platform/auth/actor.ts');
    await withSso(async (app) => {
      const key = await app.open311.keys.revoke(systemActor, id);
      console.log(`${key.id} (${key.name}) revoked`);
    });
  });

program
  .command('openapi')
  .description('Print (or write) the OpenAPI 3.1 document')
  .option('--out <file>', 'write to a file instead of stdout')
  .action(async (options: { out?: string }) => {
    const c = { ...config(), dataDir: 'memory://', databaseUrl: null, natsUrl: null };
    const app = await OneCity.create({
      config: c,
      logger: createLogger('silent'),
      seedDemo: false,
    });
    try {
      await app.http.ready();
      const text = `${JSON.stringify(app.http.swagger(), null, 2)}\n`;
      if (options.out) fs.writeFileSync(options.out, text);
      else process.stdout.write(text);
    } finally {
      await app.close();
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // InvalidArgumentError: an option an action refused after parsing (an unknown grant type,
  // a wrong --required-acr), said in one line like commander's own, not as a stack trace.
  if (
    error instanceof ConfigError ||
    error instanceof AppError ||
    error instanceof InvalidArgumentError
  ) {
    console.error(`onecity: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
