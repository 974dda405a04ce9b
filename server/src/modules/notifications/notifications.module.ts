import type { Actor } from '../../platform/auth/actor.ts';
import type { EventConsumer } from '../../platform/events/event.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import type { Platform } from '../../platform/platform.ts';
import type { WriteContext } from '../../platform/unit-of-work.ts';
import {
  alertNotificationsConsumer,
  DEFAULT_MIN_ALERT_SEVERITY,
  type AlertSeverity,
} from './alert-notifications.consumer.ts';
import { NotificationRepository } from './notification.repository.ts';
import { supervisedCaseConsumer } from './notifications.consumers.ts';
import { registerNotificationRoutes } from './notifications.routes.ts';
import { NotificationsService } from './notifications.service.ts';

export interface NotificationsDependencies {
  /** The staff member's department (identity's account), or null. */
  departmentOf: (actor: Actor) => Promise<string | null>;
  /** The least severe alert (or incident) that notifies its department; default `major`. */
  minAlertSeverity?: AlertSeverity;
}

/** The workbench inbox: two tables, consumers of case and alert facts, three routes. */
export class NotificationsModule {
  private constructor(
    readonly service: NotificationsService,
    /** The consumers, for tests that deliver an event again. */
    readonly consumer: EventConsumer<WriteContext>,
    readonly alertConsumer: EventConsumer<WriteContext>,
  ) {}

  static create(platform: Platform, deps: NotificationsDependencies): NotificationsModule {
    const repository = new NotificationRepository();
    const consumer = supervisedCaseConsumer(repository);
    const alertConsumer = alertNotificationsConsumer(
      repository,
      deps.minAlertSeverity ?? DEFAULT_MIN_ALERT_SEVERITY,
    );
    platform.subscribe(consumer);
    platform.subscribe(alertConsumer);
    const service = new NotificationsService(platform.db, repository, deps.departmentOf);
    return new NotificationsModule(service, consumer, alertConsumer);
  }

  registerRoutes(http: HttpServer): void {
    registerNotificationRoutes(http, this.service);
  }
}
