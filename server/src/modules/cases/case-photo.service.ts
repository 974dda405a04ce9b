import { createHash } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import type { CasePhotoRepository, PhotoMeta, PhotoRow } from './case-photo.repository.ts';
import type { CaseQueryService } from './case-query.service.ts';
import type { CaseSettingsStore } from './case-settings.ts';
import type { CaseTimelineRepository } from './case-timeline.repository.ts';
import { finalStages } from './case-workflow.ts';
import type { CaseRepository } from './case.repository.ts';
import { sniffImageType } from './image-sniff.ts';

export interface PhotoDeps {
  db: Database;
  uow: UnitOfWork;
  photos: CasePhotoRepository;
  repository: CaseRepository;
  timeline: CaseTimelineRepository;
  settings: CaseSettingsStore;
  queries: CaseQueryService;
}

/**
 * Case photos: the bytes must be a JPEG, PNG or WebP by their magic numbers (whatever the
 * Content-Type said) and no larger than the configured limit. A photo is uploaded first and
 * then referenced by id at intake or in a transition, or uploaded straight onto a case.
 */
export class CasePhotoService {
  constructor(private readonly deps: PhotoDeps) {}

  async upload(actor: Actor, bytes: Buffer, caseId?: string): Promise<PhotoMeta> {
    const { deps } = this;
    const settings = await deps.settings.get();
    if (bytes.length > settings.photoMaxBytes) {
      throw new AppError(
        'photo_too_large',
        413,
        `The photo has ${bytes.length} bytes; at most ${settings.photoMaxBytes} are accepted`,
        { maxBytes: settings.photoMaxBytes },
      );
    }
    const contentType = sniffImageType(bytes);
    if (!contentType) {
      throw new AppError(
        'not_an_image',
        422,
        'The upload is not a JPEG, PNG or WebP image (checked by its first bytes)',
      );
    }
    if (caseId) await this.requireParticipant(actor, caseId);
    const row: PhotoRow = {
      id: crypto.randomUUID(),
      caseId: null,
      contentType,
      byteSize: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uploadedBy: actor.id,
      uploadedAt: new Date(),
      data: bytes,
    };
    return deps.uow.run(async (ctx) => {
      const saved = await deps.photos.insert(ctx.sql, row);
      if (!caseId) return saved;
      await deps.photos.attach(ctx.sql, [saved.id], caseId, actor.id);
      const current = await deps.repository.find(ctx.sql, caseId);
      await deps.timeline.append(ctx.sql, {
        caseId,
        action: 'add_photo',
        actorId: actor.id,
        actorName: actor.displayName,
        actorRole: null,
        fromStage: current?.stage ?? null,
        toStage: current?.stage ?? null,
        note: null,
        photoIds: [saved.id],
        details: { contentType, byteSize: bytes.length },
      });
      return { ...saved, caseId };
    });
  }

  /** The photo's bytes, for its uploader and for whoever may read its case. */
  async read(actor: Actor, id: string): Promise<PhotoRow> {
    const photo = await this.deps.photos.find(this.deps.db.orm, id);
    if (!photo) throw notFound('photo', id);
    if (photo.uploadedBy === actor.id) return photo;
    if (photo.caseId) {
      const row = await this.deps.repository.find(this.deps.db.orm, photo.caseId);
      if (row && (await this.deps.queries.access(actor, row)) !== 'none') return photo;
    }
    throw notFound('photo', id);
  }

  private async requireParticipant(actor: Actor, caseId: string): Promise<void> {
    const row = await this.deps.repository.find(this.deps.db.orm, caseId);
    if (!row || (await this.deps.queries.access(actor, row)) === 'none') {
      throw notFound('case', caseId);
    }
    if (finalStages.includes(row.stage)) {
      throw new AppError(
        'case_final',
        409,
        `Case ${row.number} is ${row.stage}; photos are closed`,
      );
    }
  }
}
