import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { AuditLog } from './audit/audit-log.ts';
import type { Config } from './config/config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate, type MigrationResult, type MigrationSource } from './db/migrator.ts';
import { ConsumerRunner } from './events/consumer-runner.ts';
import type { EventConsumer } from './events/event.ts';
import type { EventTransport } from './events/event-transport.ts';
import { InProcessTransport } from './events/in-process.transport.ts';
import { JetStreamTransport } from './events/jetstream.transport.ts';
import { OutboxRelay, type RelayOptions } from './events/outbox-relay.ts';
import { createMetrics, type Metrics } from './metrics/metrics.ts';
import { TimerRepository } from './timers/timer.repository.ts';
import { TimerScheduler, type TimerHandler } from './timers/timer-scheduler.ts';
import { UnitOfWork, type WriteContext } from './unit-of-work.ts';

export const platformMigrations: MigrationSource = {
  module: 'platform',
  dir: path.join(path.dirname(fileURLToPath(import.meta.url)), 'db', 'migrations'),
};

export interface PlatformOptions {
  config: Config;
  logger: Logger;
  /** Overrides for tests: a JetStream stream of their own, faster polling. */
  jetStreamName?: string;
  jetStreamAckWaitSeconds?: number;
  relay?: RelayOptions;
  timerPollIntervalMs?: number;
}

/**
 * The kernel every module stands on: database, unit of work (outbox + audit + timers in one
 * transaction), the event bus with its relay, durable timers, metrics.
 */
export class Platform {
  readonly uow: UnitOfWork;
  readonly relay: OutboxRelay;
  readonly timers: TimerScheduler;
  readonly timerRepository = new TimerRepository();
  readonly auditLog: AuditLog;
  private readonly consumers: EventConsumer<WriteContext>[] = [];
  private background = false;

  private constructor(
    readonly config: Config,
    readonly log: Logger,
    readonly db: Database,
    readonly metrics: Metrics,
    readonly transport: EventTransport,
    options: PlatformOptions,
  ) {
    this.auditLog = new AuditLog(config.auditKey);
    this.relay = new OutboxRelay(
      db,
      transport,
      metrics,
      log.child({ part: 'relay' }),
      options.relay,
    );
    this.uow = new UnitOfWork(db, this.auditLog, this.timerRepository, () => this.relay.notify());
    this.timers = new TimerScheduler(
      db,
      this.uow,
      this.timerRepository,
      metrics,
      log.child({ part: 'timers' }),
      { nodeId: config.nodeId, pollIntervalMs: options.timerPollIntervalMs },
    );
  }

  static async open(options: PlatformOptions): Promise<Platform> {
    const { config, logger } = options;
    const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const transport: EventTransport = config.natsUrl
        ? await JetStreamTransport.connect(
            {
              url: config.natsUrl,
              stream: options.jetStreamName,
              ackWaitSeconds: options.jetStreamAckWaitSeconds,
            },
            logger.child({ part: 'jetstream' }),
          )
        : new InProcessTransport();
      return new Platform(config, logger, db, createMetrics(), transport, options);
    } catch (error) {
      await db.close();
      throw error;
    }
  }

  migrate(sources: MigrationSource[]): Promise<MigrationResult> {
    return migrate(this.db, [platformMigrations, ...sources]);
  }

  /** Registers an event consumer; call before startBackground(). */
  subscribe(consumer: EventConsumer<WriteContext>): void {
    if (this.background) throw new Error(`consumer ${consumer.name} registered after start`);
    if (this.consumers.some((c) => c.name === consumer.name)) {
      throw new Error(`consumer ${consumer.name} registered twice`);
    }
    this.consumers.push(consumer);
  }

  registerTimer(handler: TimerHandler): void {
    this.timers.register(handler);
  }

  /** Starts consumers, the outbox relay and the timer scheduler. */
  async startBackground(): Promise<void> {
    if (this.background) return;
    this.background = true;
    const runner = new ConsumerRunner(
      this.uow,
      this.metrics,
      this.log.child({ part: 'consumers' }),
    );
    await this.transport.start(this.consumers, runner);
    this.relay.start();
    this.timers.start();
  }

  async close(): Promise<void> {
    if (this.background) {
      await this.timers.stop();
      await this.relay.stop();
      await this.transport.stop();
      this.background = false;
    }
    await this.db.close();
  }
}
