import crypto from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { WorkCalendarService } from '../../platform/calendar/index.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork, WriteContext } from '../../platform/unit-of-work.ts';
import type { RegionsService } from '../regions/index.ts';
import {
  ACCEPTANCE_PROMISED_DAYS,
  ACCEPTANCE_STATUTORY_DAYS,
  deadlineFor,
  scheduleDeadline,
} from './application-deadlines.ts';
import { applicationFact, taskFact } from './application-facts.ts';
import { editableStatuses } from './application-workflow.ts';
import type {
  ApplicationRepository,
  ApplicationRow,
  MaterialRow,
  TaskRow,
} from './application.repository.ts';
import type { ApplicationTarget, CatalogueService } from './catalogue.service.ts';
import type { DepartmentDirectory, DepartmentSummary } from './department-directory.ts';
import {
  escapePointer,
  type FieldError,
  type FormValidator,
  type Language,
} from './form-validation.ts';
import { audienceOf } from './service-catalogue.ts';
import type { ApplicantProfile, HeldLicence, LicenceLookup } from './services.ports.ts';
import { servicesEvent } from './services.events.ts';
import type { UploadMeta, UploadRepository } from './upload.repository.ts';

/** How the applicant supplies one material: an upload, or an e-licence with consent. */
export interface MaterialInput {
  uploadId?: string;
  licenceId?: string;
  /** The holder agrees that the licence is shown to the departments handling this application. */
  consent?: boolean;
}

export interface ApplicationInput {
  target: { kind: 'item' | 'bundle'; id: string };
  districtId?: string;
  form: Record<string, unknown>;
  materials: Record<string, MaterialInput>;
  /** false keeps a draft; true submits (full validation). */
  submit: boolean;
  idempotencyKey?: string;
}

export interface ApplicationChanges {
  version: number;
  districtId?: string;
  form?: Record<string, unknown>;
  materials?: Record<string, MaterialInput>;
}

export interface SubmissionDeps {
  db: Database;
  uow: UnitOfWork;
  repository: ApplicationRepository;
  uploads: UploadRepository;
  catalogue: CatalogueService;
  forms: FormValidator;
  departments: DepartmentDirectory;
  regions: RegionsService;
  calendar: WorkCalendarService;
  licences: LicenceLookup;
  profileOf: (accountId: string) => Promise<ApplicantProfile>;
}

const assuranceRank = { basic: 0, 'real-name': 1, 'real-person': 2 } as const;

/**
 * Filling in and submitting an application. Submission validates the form against the
 * item's (or bundle's) JSON Schema and the materials against its list, and answers every
 * problem at once as field-level errors. A client-supplied idempotency key makes a double
 * click return the first application instead of making a second.
 */
export class ApplicationSubmissionWorkflow {
  constructor(private readonly deps: SubmissionDeps) {}

  async create(
    actor: Actor,
    input: ApplicationInput,
    language: Language,
  ): Promise<{ application: ApplicationRow; created: boolean }> {
    const { repository, db } = this.deps;
    const kind = assertApplicant(actor);
    const requestHash = hashOf({ ...input, idempotencyKey: undefined });
    if (input.idempotencyKey) {
      const earlier = await repository.findByIdempotencyKey(db.orm, actor.id, input.idempotencyKey);
      if (earlier) return { application: sameRequest(earlier, requestHash), created: false };
    }
    const target = await this.deps.catalogue.target(input.target.kind, input.target.id);
    const audience = audienceOf(actor.kind);
    if (!audience || !target.audiences.includes(audience)) {
      throw forbidden(`${target.name} is not offered to ${actor.kind} accounts`);
    }
    if (input.submit) assertAssurance(actor);
    const profile = await this.deps.profileOf(actor.id);
    const resolved = await this.resolveMaterials(actor, input.materials, null);
    const errors = this.check(target, input, resolved, input.submit, language);
    if (errors.length > 0) throw invalid(errors, language);
    const routing = input.submit ? await this.route(target, input.districtId!) : null;

    const result = await this.deps.uow.run(async (ctx) => {
      const now = new Date();
      const inserted = await repository.insert(
        ctx.sql,
        {
          id: crypto.randomUUID(),
          applicantId: actor.id,
          applicantKind: kind,
          applicantName: profile.name,
          applicantIdentifier: profile.identifier,
          applicantPhone: profile.phone,
          targetKind: target.kind,
          targetId: target.id,
          targetName: target.name,
          districtId: input.districtId ?? null,
          leadDepartmentId: routing?.lead.id ?? null,
          status: input.submit ? 'submitted' : 'draft',
          form: input.form,
          idempotencyKey: input.idempotencyKey ?? null,
          requestHash,
          statutoryDays: target.statutoryDays,
          promisedDays: target.promisedDays,
          submittedAt: input.submit ? now : null,
        },
        numberPrefix(now, this.deps.calendar),
      );
      if (!inserted) {
        // The same key won a race a moment ago (a double click): answer with that one.
        const earlier = await repository.findByIdempotencyKey(
          ctx.sql,
          actor.id,
          input.idempotencyKey!,
        );
        if (!earlier) throw conflict('idempotency_conflict', 'retry the request');
        return { application: sameRequest(earlier, requestHash), created: false };
      }
      await this.saveMaterials(ctx, actor, inserted.id, target, resolved);
      await repository.appendTimeline(ctx.sql, [
        {
          applicationId: inserted.id,
          action: 'created',
          actorId: actor.id,
          actorName: profile.name,
          toStatus: 'draft',
        },
      ]);
      if (input.submit) await this.afterSubmit(ctx, actor, profile.name, inserted, routing!, false);
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: input.submit ? 'services.application.submit' : 'services.application.draft',
        target: { type: 'application', id: inserted.id },
        regionId: inserted.districtId,
        details: { number: inserted.number, target: `${target.kind}:${target.id}` },
      });
      return { application: (await repository.find(ctx.sql, inserted.id))!, created: true };
    });
    return result;
  }

  /** Changes a draft, or an application sent back for 补正. */
  async update(actor: Actor, id: string, changes: ApplicationChanges, language: Language) {
    const { repository } = this.deps;
    const current = await this.own(actor, id);
    if (!editableStatuses.includes(current.status)) {
      throw conflict(
        'not_editable',
        `application ${current.number} is ${current.status}; it cannot be changed now`,
      );
    }
    const target = await this.deps.catalogue.target(current.targetKind, current.targetId);
    const materials = changes.materials ?? (await this.storedMaterials(current.id));
    const resolved = await this.resolveMaterials(actor, materials, current.id);
    const input = {
      districtId: changes.districtId ?? current.districtId ?? undefined,
      form: changes.form ?? current.form,
      materials,
    };
    const errors = this.check(target, input, resolved, false, language);
    if (errors.length > 0) throw invalid(errors, language);
    return this.deps.uow.run(async (ctx) => {
      const updated = await repository.updateIfVersion(ctx.sql, id, changes.version, {
        districtId: input.districtId ?? null,
        form: input.form,
      });
      if (!updated) throw stale(current, await repository.find(ctx.sql, id));
      if (changes.materials) await this.saveMaterials(ctx, actor, id, target, resolved);
      return updated;
    });
  }

  /** Submits a draft, or resubmits after 补正: full validation of what is stored. */
  async submit(actor: Actor, id: string, version: number, language: Language) {
    const { repository } = this.deps;
    const current = await this.own(actor, id);
    if (!editableStatuses.includes(current.status)) {
      throw conflict(
        'invalid_transition',
        `application ${current.number} is ${current.status}; only drafts and applications sent back for 补正 are submitted`,
      );
    }
    if (current.version !== version) throw stale(current, current);
    assertAssurance(actor);
    const target = await this.deps.catalogue.target(current.targetKind, current.targetId);
    const materials = await this.storedMaterials(current.id);
    const resolved = await this.resolveMaterials(actor, materials, current.id);
    const input = { districtId: current.districtId ?? undefined, form: current.form, materials };
    const errors = this.check(target, input, resolved, true, language);
    if (errors.length > 0) throw invalid(errors, language);
    const routing = await this.route(target, current.districtId!);
    const profile = await this.deps.profileOf(actor.id);
    return this.deps.uow.run(async (ctx) => {
      const resubmission = current.status === 'supplement_requested';
      const updated = await repository.updateIfVersion(ctx.sql, id, version, {
        status: 'submitted',
        leadDepartmentId: routing.lead.id,
        submittedAt: current.submittedAt ?? new Date(),
        supplement: resubmission ? current.supplement : null,
        applicantName: profile.name,
        applicantIdentifier: profile.identifier,
        applicantPhone: profile.phone,
        statutoryDays: target.statutoryDays,
        promisedDays: target.promisedDays,
      });
      if (!updated) throw stale(current, await repository.find(ctx.sql, id));
      // Re-check licences now: one may have been revoked since it was attached.
      await this.saveMaterials(ctx, actor, id, target, resolved);
      await this.afterSubmit(
        ctx,
        actor,
        profile.name,
        updated,
        routing,
        resubmission,
        current.status,
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'services.application.submit',
        target: { type: 'application', id },
        regionId: updated.districtId,
        details: { number: updated.number, resubmission },
      });
      return (await repository.find(ctx.sql, id))!;
    });
  }

  /** Which department accepts, and which reviews each item, in the chosen district. */
  private async route(target: ApplicationTarget, districtId: string) {
    await this.deps.departments.refresh();
    const departmentOf = (itemId: string): DepartmentSummary => {
      const item = target.items.get(itemId)!;
      const regionId = item.handledAt === 'city' ? this.deps.regions.rootId : districtId;
      const department = this.deps.departments.inRegion(regionId, item.departmentCode);
      if (!department) {
        throw new AppError(
          'no_department',
          422,
          `no ${item.departmentCode} department in region ${regionId} handles ${item.name}`,
        );
      }
      return department;
    };
    const lead = departmentOf(target.steps[0]!.itemId);
    return { lead, departmentOf };
  }

  private async afterSubmit(
    ctx: WriteContext,
    actor: Actor,
    actorName: string,
    application: ApplicationRow,
    routing: { lead: DepartmentSummary },
    resubmission: boolean,
    fromStatus: string = 'draft',
  ): Promise<void> {
    const { repository } = this.deps;
    const now = new Date();
    const { deadlineAt, warnAt } = await deadlineFor(
      this.deps.calendar,
      ctx,
      now,
      ACCEPTANCE_PROMISED_DAYS,
    );
    const taskId = crypto.randomUUID();
    await repository.insertTasks(ctx.sql, [
      {
        id: taskId,
        applicationId: application.id,
        kind: 'acceptance',
        itemId: null,
        name: `受理：${application.targetName}`,
        departmentId: routing.lead.id,
        departmentRegionId: routing.lead.regionId,
        status: 'pending',
        dependsOn: [],
        form: {},
        materialKeys: [],
        statutoryDays: ACCEPTANCE_STATUTORY_DAYS,
        promisedDays: ACCEPTANCE_PROMISED_DAYS,
        openedAt: now,
        deadlineAt,
      },
    ]);
    await scheduleDeadline(ctx, taskId, deadlineAt, warnAt);
    await repository.appendTimeline(ctx.sql, [
      {
        applicationId: application.id,
        action: resubmission ? 'resubmitted' : 'submitted',
        actorId: actor.id,
        actorName,
        fromStatus,
        toStatus: 'submitted',
      },
    ]);
    const materials = await repository.materialsOf(ctx.sql, application.id);
    const task = (await repository.findTask(ctx.sql, taskId)) as TaskRow;
    await ctx.emit(
      servicesEvent(
        'services.application.submitted',
        {
          ...applicationFact(application),
          resubmission,
          attachedLicences: materials
            .filter((m) => m.source === 'licence' && m.licenceId)
            .map((m) => ({ licenceId: m.licenceId!, materialKey: m.key })),
        },
        { actorId: actor.id, regionId: application.districtId },
      ),
      servicesEvent('services.task.opened', taskFact(task, application), {
        regionId: application.districtId,
      }),
    );
  }

  private async own(actor: Actor, id: string): Promise<ApplicationRow> {
    const row = await this.deps.repository.find(this.deps.db.orm, id);
    if (!row || row.applicantId !== actor.id) throw notFound('application', id);
    return row;
  }

  private async storedMaterials(applicationId: string): Promise<Record<string, MaterialInput>> {
    const rows = await this.deps.repository.materialsOf(this.deps.db.orm, applicationId);
    return Object.fromEntries(
      rows
        .filter((r) => r.source !== 'dataset')
        .map((r) => [
          r.key,
          r.source === 'licence'
            ? { licenceId: r.licenceId ?? undefined, consent: r.consentedAt !== null }
            : { uploadId: r.uploadId ?? undefined },
        ]),
    );
  }

  /** Looks up the uploads and licences referenced (outside any transaction). */
  private async resolveMaterials(
    actor: Actor,
    materials: Record<string, MaterialInput>,
    applicationId: string | null,
  ): Promise<ResolvedMaterials> {
    const uploadIds = Object.values(materials).flatMap((m) => (m.uploadId ? [m.uploadId] : []));
    const uploads = new Map(
      (await this.deps.uploads.findMeta(this.deps.db.orm, uploadIds))
        .filter(
          (u) => u.ownerId === actor.id && (!u.applicationId || u.applicationId === applicationId),
        )
        .map((u) => [u.id, u]),
    );
    const licences = new Map<string, HeldLicence>();
    for (const m of Object.values(materials)) {
      if (!m.licenceId || licences.has(m.licenceId)) continue;
      const licence = await this.deps.licences.find(m.licenceId);
      if (licence && licence.holderId === actor.id) licences.set(licence.id, licence);
    }
    return { input: materials, uploads, licences };
  }

  /** Every problem with the application, as JSON pointers into the request body. */
  private check(
    target: ApplicationTarget,
    input: Pick<ApplicationInput, 'districtId' | 'form' | 'materials'>,
    resolved: ResolvedMaterials,
    full: boolean,
    language: Language,
  ): FieldError[] {
    const zh = language === 'zh';
    const errors: FieldError[] = [];
    if (full) {
      errors.push(
        ...this.deps.forms.validate(
          `${target.kind}:${target.id}:${target.version}`,
          target.form,
          input.form,
          language,
        ),
      );
    }
    const district = input.districtId;
    if (district !== undefined && !this.isDistrict(district)) {
      errors.push({
        path: '/districtId',
        message: zh ? '不是本市的区' : 'is not a district of the city',
      });
    } else if (full && district === undefined) {
      errors.push({ path: '/districtId', message: zh ? '请选择办理的区' : 'is required' });
    }
    for (const [key, supplied] of Object.entries(input.materials)) {
      const path = `/materials/${escapePointer(key)}`;
      const material = target.materials.find((m) => m.key === key);
      if (!material) {
        errors.push({
          path,
          message: zh ? '不是本事项需要的材料' : 'is not a material of this service',
        });
        continue;
      }
      if (supplied.uploadId && supplied.licenceId) {
        errors.push({
          path,
          message: zh ? '上传文件或引用证照，二选一' : 'give an upload or a licence, not both',
        });
        continue;
      }
      if (supplied.uploadId && !resolved.uploads.has(supplied.uploadId)) {
        errors.push({
          path: `${path}/uploadId`,
          message: zh ? '找不到您上传的这个文件' : 'is not a file you uploaded',
        });
      }
      if (supplied.licenceId) {
        if (material.source.kind !== 'licence') {
          errors.push({
            path: `${path}/licenceId`,
            message: zh ? '该材料不能用电子证照代替' : 'this material is not a licence',
          });
          continue;
        }
        const licence = resolved.licences.get(supplied.licenceId);
        if (!licence || licence.type !== material.source.licenceType) {
          errors.push({
            path: `${path}/licenceId`,
            message: zh ? `不是您持有的${material.name}` : `is not a ${material.nameEn} you hold`,
          });
        } else if (licence.status !== 'valid') {
          errors.push({
            path: `${path}/licenceId`,
            message: zh
              ? `证照${licence.status === 'revoked' ? '已撤销' : '已过期'}`
              : `the licence is ${licence.status}`,
          });
        }
        if (supplied.consent !== true) {
          errors.push({
            path: `${path}/consent`,
            message: zh ? '使用电子证照需要您的授权' : 'your consent is needed to use the licence',
          });
        }
      }
    }
    if (full) {
      for (const material of target.materials) {
        if (!material.required || material.source.kind === 'dataset') continue;
        const supplied = input.materials[material.key];
        if (!supplied || (!supplied.uploadId && !supplied.licenceId)) {
          errors.push({
            path: `/materials/${escapePointer(material.key)}`,
            message: zh
              ? `缺少必需材料：${material.name}`
              : `required material missing: ${material.nameEn}`,
          });
        }
      }
    }
    return errors;
  }

  private isDistrict(id: string): boolean {
    if (!this.deps.regions.exists(id)) return false;
    return this.deps.regions.get(id).level === 'district';
  }

  /** Replaces the application's materials (same transaction); binds the uploads to it. */
  private async saveMaterials(
    ctx: WriteContext,
    actor: Actor,
    applicationId: string,
    target: ApplicationTarget,
    resolved: ResolvedMaterials,
  ): Promise<void> {
    const now = new Date();
    const rows: MaterialRow[] = [];
    for (const material of target.materials) {
      const supplied = resolved.input[material.key];
      if (supplied?.licenceId) {
        const licence = resolved.licences.get(supplied.licenceId);
        rows.push({
          applicationId,
          key: material.key,
          name: material.name,
          source: 'licence',
          uploadId: null,
          licenceId: supplied.licenceId,
          licenceNumber: licence?.number ?? null,
          consentedAt: supplied.consent ? now : null,
        });
      } else if (supplied?.uploadId) {
        rows.push({
          applicationId,
          key: material.key,
          name: material.name,
          source: 'upload',
          uploadId: supplied.uploadId,
          licenceId: null,
          licenceNumber: null,
          consentedAt: null,
        });
      } else if (material.source.kind === 'dataset') {
        // Fetched by the department from the data hub (数据共享), not supplied.
        rows.push({
          applicationId,
          key: material.key,
          name: material.name,
          source: 'dataset',
          uploadId: null,
          licenceId: null,
          licenceNumber: null,
          consentedAt: null,
        });
      }
    }
    await this.deps.repository.replaceMaterials(ctx.sql, applicationId, rows);
    await this.deps.uploads.bind(
      ctx.sql,
      rows.flatMap((r) => (r.uploadId ? [r.uploadId] : [])),
      actor.id,
      applicationId,
    );
  }
}

interface ResolvedMaterials {
  input: Record<string, MaterialInput>;
  uploads: Map<string, UploadMeta>;
  licences: Map<string, HeldLicence>;
}

function assertApplicant(actor: Actor): 'citizen' | 'enterprise' {
  if (actor.kind === 'citizen' || actor.kind === 'enterprise') return actor.kind;
  throw forbidden('Applications are filed by citizens and enterprises');
}

function assertAssurance(actor: Actor): void {
  if (actor.kind === 'enterprise') return;
  if (assuranceRank[actor.assuranceLevel] < assuranceRank['real-name']) {
    throw new AppError(
      'assurance_too_low',
      403,
      'Submitting an application needs a real-name verified account (实名认证)',
    );
  }
}

function invalid(errors: FieldError[], language: Language): AppError {
  const detail =
    language === 'zh'
      ? `申请有 ${errors.length} 处需要修改`
      : `${errors.length} field${errors.length === 1 ? '' : 's'} need attention`;
  return new AppError('application_invalid', 422, detail, { errors });
}

function stale(read: ApplicationRow, now: ApplicationRow | undefined): AppError {
  return conflict(
    'version_conflict',
    `application ${read.number} was changed meanwhile (now version ${now?.version ?? '?'}); reload and try again`,
    { currentVersion: now?.version ?? null },
  );
}

function sameRequest(earlier: ApplicationRow, requestHash: string): ApplicationRow {
  if (earlier.requestHash !== requestHash) {
    throw new AppError(
      'idempotency_key_reused',
      422,
      `this idempotency key was used for application ${earlier.number} with different content`,
    );
  }
  return earlier;
}

/** `SQ` + the Shanghai date: numbers read as 办件编号 SQ20260315000042. */
function numberPrefix(now: Date, calendar: WorkCalendarService): string {
  return `SQ${calendar.current().localDate(now).replace(/-/g, '')}`;
}

/** A hash of the request with object keys sorted, so equal requests hash equally. */
export function hashOf(value: unknown): string {
  return crypto.createHash('sha256').update(stableJson(value)).digest('hex');
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
