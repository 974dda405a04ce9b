import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { forbidden, notFound } from '../../platform/errors/app-error.ts';
import type { InboxEntry, NotificationRepository, Reader } from './notification.repository.ts';

export interface InboxPage {
  items: InboxEntry[];
  total: number;
  unreadCount: number;
}

/**
 * The workbench inbox of one staff member: the notifications of their department, with their
 * own read marks. Staff without a department have an empty inbox; nobody sees another
 * department's notifications (they do not exist for them: 404).
 */
export class NotificationsService {
  constructor(
    private readonly db: Database,
    private readonly repository: NotificationRepository,
    private readonly departmentOf: (actor: Actor) => Promise<string | null>,
  ) {}

  async list(
    actor: Actor,
    page: { unreadOnly: boolean; limit: number; offset: number },
  ): Promise<InboxPage> {
    const reader = await this.readerOf(actor);
    if (!reader) return { items: [], total: 0, unreadCount: 0 };
    return this.repository.list(this.db.orm, reader, page);
  }

  async markRead(actor: Actor, id: string, now = new Date()): Promise<InboxEntry> {
    const reader = await this.readerOf(actor);
    const found = reader ? await this.repository.find(this.db.orm, reader, id) : null;
    if (!reader || !found) throw notFound('Notification', id);
    if (found.readAt) return found;
    await this.repository.markRead(this.db.orm, reader, id, now);
    return { ...found, readAt: now };
  }

  /** Marks the whole inbox read; how many were unread. */
  async markAllRead(actor: Actor, now = new Date()): Promise<{ marked: number }> {
    const reader = await this.readerOf(actor);
    if (!reader) return { marked: 0 };
    return { marked: await this.repository.markAllRead(this.db.orm, reader, now) };
  }

  private async readerOf(actor: Actor): Promise<Reader | null> {
    if (actor.kind !== 'staff') {
      throw forbidden('The notification inbox belongs to the workbench: staff accounts only');
    }
    const departmentId = await this.departmentOf(actor);
    return departmentId ? { departmentId, accountId: actor.id } : null;
  }
}
