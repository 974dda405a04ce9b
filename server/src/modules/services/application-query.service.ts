import crypto from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, forbidden, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import type { Policy } from '../identity/index.ts';
import type { RegionsService } from '../regions/index.ts';
import {
  openTaskStatuses,
  type ApplicationStatus,
  type TaskKind,
  type TaskStatus,
} from './application-workflow.ts';
import type { ApplicationRepository, ApplicationRow } from './application.repository.ts';
import type { CatalogueService } from './catalogue.service.ts';
import type { NotificationRepository } from './notification.repository.ts';
import type { HeldLicence, LicenceLookup } from './services.ports.ts';
import type { UploadRepository } from './upload.repository.ts';

export type QueueView = 'open' | 'waiting' | 'decided';

const queueStatuses: Record<QueueView, TaskStatus[]> = {
  open: [...openTaskStatuses],
  waiting: ['waiting'],
  decided: ['accepted', 'supplement_requested', 'rejected', 'approved', 'refused', 'cancelled'],
};

/** Accepted file types, recognised from the bytes themselves. */
export type UploadType = 'application/pdf' | 'image/jpeg' | 'image/png';
export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
const DAILY_UPLOAD_BYTES = 200 * 1024 * 1024;

export interface QueryDeps {
  db: Database;
  uow: UnitOfWork;
  repository: ApplicationRepository;
  uploads: UploadRepository;
  notifications: NotificationRepository;
  catalogue: CatalogueService;
  licences: LicenceLookup;
  policy: Policy;
  regions: RegionsService;
  departmentOf: (actor: Actor) => Promise<string | null>;
}

/**
 * Reading applications: the applicant's own, a department's queue, one application with its
 * tasks, materials and timeline (the applicant, reviewers of a department with a task on
 * it, and supervisors in its region); uploads and notifications.
 */
export class ApplicationQueryService {
  constructor(private readonly deps: QueryDeps) {}

  mine(actor: Actor, filter: { status?: ApplicationStatus; limit: number; offset: number }) {
    return this.deps.repository.listByApplicant(
      this.deps.db.orm,
      actor.id,
      filter.limit,
      filter.offset,
      filter.status,
    );
  }

  /** An application with everything about it, if the actor may see it. */
  async detail(actor: Actor, id: string) {
    const { repository, db } = this.deps;
    const application = await repository.find(db.orm, id);
    if (!application) throw notFound('application', id);
    const tasks = await repository.tasksOf(db.orm, id);
    const access = await this.access(
      actor,
      application,
      tasks.map((t) => t.departmentId),
    );
    if (!access) throw notFound('application', id);
    const [materials, timeline] = await Promise.all([
      repository.materialsOf(db.orm, id),
      repository.timelineOf(db.orm, id),
    ]);
    const uploads = new Map(
      (
        await this.deps.uploads.findMeta(
          db.orm,
          materials.flatMap((m) => (m.uploadId ? [m.uploadId] : [])),
        )
      ).map((u) => [u.id, u]),
    );
    return { application, tasks, materials, uploads, timeline, access };
  }

  /** `applicant`, `reviewer` (with their department) or `supervisor`; null: no access. */
  async access(
    actor: Actor,
    application: ApplicationRow,
    taskDepartments: string[],
  ): Promise<{
    role: 'applicant' | 'reviewer' | 'supervisor';
    departmentId: string | null;
  } | null> {
    if (application.applicantId === actor.id) return { role: 'applicant', departmentId: null };
    if (actor.kind !== 'staff' && actor.kind !== 'system') return null;
    const department = actor.kind === 'staff' ? await this.deps.departmentOf(actor) : null;
    if (department && taskDepartments.includes(department)) {
      return { role: 'reviewer', departmentId: department };
    }
    const regionId = application.districtId ?? this.deps.regions.rootId;
    if (this.deps.policy.can(actor, 'services.read', { regionId })) {
      return { role: 'supervisor', departmentId: department };
    }
    return null;
  }

  /** The actor's department queue, most urgent deadline first. */
  async queue(
    actor: Actor,
    filter: { view: QueueView; kind?: TaskKind; overdue?: boolean; limit: number; offset: number },
  ) {
    const scopes = this.deps.policy.scopesFor(actor, 'services.review');
    if (scopes.length === 0) this.deps.policy.authorize(actor, 'services.review');
    const departmentId = await this.deps.departmentOf(actor);
    if (!departmentId) {
      throw new AppError(
        'no_department',
        403,
        `${actor.username} belongs to no department: queues are per department`,
      );
    }
    const page = await this.deps.repository.queue(this.deps.db.orm, {
      departmentId,
      statuses: queueStatuses[filter.view],
      kind: filter.kind,
      overdue: filter.overdue,
      limit: filter.limit,
      offset: filter.offset,
    });
    return { ...page, departmentId };
  }

  /** What the applicant already holds for each licence material (auto-attach with consent). */
  async prefill(actor: Actor, kind: 'item' | 'bundle', id: string) {
    const target = await this.deps.catalogue.target(kind, id);
    const types = [
      ...new Set(
        target.materials.flatMap((m) =>
          m.source.kind === 'licence' ? [m.source.licenceType] : [],
        ),
      ),
    ];
    const held = types.length ? await this.deps.licences.held(actor.id, types) : [];
    const materials = target.materials
      .filter((m) => m.source.kind === 'licence')
      .map((m) => ({
        key: m.key,
        licences: held.filter(
          (l: HeldLicence) => m.source.kind === 'licence' && l.type === m.source.licenceType,
        ),
      }));
    return { target, materials };
  }

  async upload(actor: Actor, bytes: Buffer, fileName: string | null) {
    if (actor.kind !== 'citizen' && actor.kind !== 'enterprise') {
      throw forbidden('Materials are uploaded by applicants');
    }
    if (bytes.length === 0) throw new AppError('empty_upload', 422, 'the file is empty');
    if (bytes.length > UPLOAD_LIMIT_BYTES) {
      throw new AppError('upload_too_large', 413, `files are at most ${UPLOAD_LIMIT_BYTES} bytes`);
    }
    const contentType = sniffUploadType(bytes);
    if (!contentType) {
      throw new AppError('unsupported_file', 422, 'upload a PDF, JPEG or PNG file');
    }
    const since = new Date(Date.now() - 86_400_000);
    if (
      (await this.deps.uploads.recentBytes(this.deps.db.orm, actor.id, since)) > DAILY_UPLOAD_BYTES
    ) {
      throw new AppError('upload_quota', 429, 'too many uploads today; try again tomorrow');
    }
    return this.deps.uow.run((ctx) =>
      this.deps.uploads.insert(ctx.sql, {
        id: crypto.randomUUID(),
        ownerId: actor.id,
        fileName: fileName?.slice(0, 200) ?? null,
        contentType,
        size: bytes.length,
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        applicationId: null,
        data: bytes,
      }),
    );
  }

  /** An upload's bytes: its owner, or whoever may see the application it belongs to. */
  async download(actor: Actor, id: string) {
    const row = await this.deps.uploads.find(this.deps.db.orm, id);
    if (!row) throw notFound('upload', id);
    if (row.ownerId === actor.id) return row;
    if (row.applicationId) {
      const application = await this.deps.repository.find(this.deps.db.orm, row.applicationId);
      const tasks = await this.deps.repository.tasksOf(this.deps.db.orm, row.applicationId);
      if (
        application &&
        (await this.access(
          actor,
          application,
          tasks.map((t) => t.departmentId),
        ))
      ) {
        return row;
      }
    }
    throw notFound('upload', id);
  }

  notifications(actor: Actor, filter: { unread: boolean; limit: number; offset: number }) {
    return this.deps.notifications.list(
      this.deps.db.orm,
      actor.id,
      filter.limit,
      filter.offset,
      filter.unread,
    );
  }

  async markRead(actor: Actor, id: string): Promise<void> {
    await this.deps.uow.run((ctx) => this.deps.notifications.markRead(ctx.sql, actor.id, id));
  }
}

/** PDF `%PDF-`, JPEG `FF D8 FF`, PNG's 8-byte signature; anything else is refused. */
export function sniffUploadType(bytes: Uint8Array): UploadType | null {
  const at = (i: number) => bytes[i] ?? -1;
  if (bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-') {
    return 'application/pdf';
  }
  if (bytes.length >= 4 && at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 16 && png.every((b, i) => at(i) === b)) return 'image/png';
  return null;
}
