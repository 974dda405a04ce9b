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
  .action(async (options: { scale: number }) => {
    const c = config();
    const logger = createLogger(c.logLevel);
    logger.info(`OneCity ${version} starting (${describeProfile(c)})`);
    const app = await OneCity.create({ config: c, logger, demoScale: options.scale });
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
  if (error instanceof ConfigError || error instanceof AppError) {
    console.error(`onecity: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
