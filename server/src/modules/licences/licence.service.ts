import crypto, { type KeyObject } from 'node:crypto';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors/app-error.ts';
import type { UnitOfWork, WriteContext } from '../../platform/unit-of-work.ts';
import { maskIdNumber, type Policy } from '../identity/index.ts';
import type { RegionScope } from '../regions/index.ts';
import {
  generateKeyPair,
  ISSUER,
  publicJwkOf,
  signCompact,
  verifyCompact,
  type LicenceClaims,
  type PublicJwk,
  type SigningKey,
  type VerifyFailure,
} from './licence-signing.ts';
import { licenceFields, licenceTypesByCode, type LicenceType } from './licence-types.ts';
import type { LicenceFilter, LicenceRepository, LicenceRow } from './licence.repository.ts';
import { licencesEvent } from './licences.events.ts';

export interface Holder {
  id: string;
  kind: 'citizen' | 'enterprise';
  name: string;
  identifier: string | null;
}

export interface IssuingDepartment {
  id: string;
  name: string;
  code: string;
  regionId: string;
}

export interface IssueInput {
  type: string;
  holder: Holder;
  fields: Record<string, unknown>;
  department: IssuingDepartment;
  districtId: string | null;
  validFrom?: Date;
  /** Overrides the type's default validity; null: long-term. */
  validUntil?: Date | null;
  applicationId?: string | null;
  taskId?: string | null;
}

export type LicenceStatus = 'valid' | 'revoked' | 'expired';

export type VerificationReason = VerifyFailure | 'revoked' | 'unknown_licence';

export interface Verification {
  valid: boolean;
  reason: VerificationReason | null;
  checkedAt: string;
  licence: LicenceRow | null;
}

/** The statuses a reader sees: a valid licence past its validity is expired. */
export function statusOf(
  row: Pick<LicenceRow, 'status' | 'validUntil'>,
  now = new Date(),
): LicenceStatus {
  if (row.status === 'revoked') return 'revoked';
  if (row.validUntil && row.validUntil <= now) return 'expired';
  return 'valid';
}

/**
 * The e-licence library: departments issue licences signed with Ed25519 as compact JWS,
 * holders see theirs, anyone verifies one online (signature, validity, revocation) or
 * offline with the published keys and revocation list.
 */
export class LicenceService {
  private signing: SigningKey | null = null;
  private verifying = new Map<string, KeyObject>();
  private publicKeys: PublicJwk[] = [];

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly repository: LicenceRepository,
    private readonly policy: Policy,
    private readonly regions: RegionScope,
  ) {}

  /** Loads the signing keys, generating and storing the first on the first start. */
  async init(): Promise<void> {
    const candidate = generateKeyPair();
    const active = await this.repository.ensureKey(this.db.orm, {
      kid: `lic-${crypto.randomBytes(6).toString('base64url')}`,
      ...candidate,
    });
    const newest = active[0]!;
    this.signing = {
      kid: newest.kid,
      privateKey: crypto.createPrivateKey({ key: newest.privateJwk, format: 'jwk' }),
    };
    this.verifying = new Map(
      active.map((k) => [k.kid, crypto.createPublicKey({ key: k.publicJwk, format: 'jwk' })]),
    );
    this.publicKeys = active.map((k) => publicJwkOf(k.kid, k.publicJwk));
  }

  get jwks(): { keys: PublicJwk[] } {
    return { keys: this.publicKeys };
  }

  type(code: string): LicenceType {
    const type = licenceTypesByCode.get(code);
    if (!type) throw new AppError('unknown_licence_type', 422, `there is no licence type ${code}`);
    return type;
  }

  /** Issues in its own transaction (the HTTP route, the demo seed). */
  issue(actor: Actor, input: IssueInput): Promise<LicenceRow> {
    return this.uow.run((ctx) => this.issueIn(ctx, actor, input));
  }

  /**
   * Issues inside the caller's transaction (the approval consumer). For an application's
   * task it issues once: a redelivered event finds the licence already there.
   */
  async issueIn(ctx: WriteContext, actor: Actor, input: IssueInput): Promise<LicenceRow> {
    const type = this.type(input.type);
    if (!type.holderKinds.includes(input.holder.kind)) {
      throw new AppError(
        'wrong_holder_kind',
        422,
        `${type.name} is not issued to ${input.holder.kind} accounts`,
      );
    }
    if (input.applicationId && input.taskId) {
      const existing = await this.repository.findForTask(
        ctx.sql,
        input.applicationId,
        input.taskId,
      );
      if (existing) return existing;
    }
    const signing = this.signing;
    if (!signing) throw new Error('licence keys not loaded: call init() first');
    const now = new Date();
    const validFrom = input.validFrom ?? now;
    const validUntil =
      input.validUntil !== undefined
        ? input.validUntil
        : type.validYears
          ? addYears(validFrom, type.validYears)
          : null;
    if (validUntil && validUntil <= validFrom) {
      throw new AppError('invalid_validity', 422, 'validUntil must be after validFrom');
    }
    const id = crypto.randomUUID();
    const regionPart = (input.districtId ?? input.department.regionId)
      .replace(/\D/g, '')
      .slice(0, 6);
    const number = await this.repository.nextNumber(ctx.sql, `${type.numberPrefix}${regionPart}`);
    const fields = licenceFields(type, input.fields);
    const claims: LicenceClaims = {
      iss: ISSUER,
      jti: id,
      no: number,
      lt: type.code,
      ln: type.name,
      hn: input.holder.name,
      hid:
        input.holder.kind === 'citizen'
          ? maskIdNumber(input.holder.identifier)
          : input.holder.identifier,
      dep: input.department.name,
      f: fields,
      iat: Math.floor(now.getTime() / 1000),
      nbf: Math.floor(validFrom.getTime() / 1000),
      ...(validUntil ? { exp: Math.floor(validUntil.getTime() / 1000) } : {}),
    };
    const saved = await this.repository.insert(ctx.sql, {
      id,
      number,
      type: type.code,
      typeName: type.name,
      holderId: input.holder.id,
      holderKind: input.holder.kind,
      holderName: input.holder.name,
      holderIdentifier: input.holder.identifier,
      fields,
      departmentId: input.department.id,
      departmentName: input.department.name,
      departmentRegionId: input.department.regionId,
      districtId: input.districtId,
      issuedAt: now,
      validFrom,
      validUntil,
      status: 'valid',
      revokedAt: null,
      revokedBy: null,
      revokeReason: null,
      applicationId: input.applicationId ?? null,
      taskId: input.taskId ?? null,
      kid: signing.kid,
      jws: signCompact(signing, claims),
    });
    if (!saved) {
      // A concurrent delivery of the same approval won the unique (application, task) index.
      return (await this.repository.findForTask(ctx.sql, input.applicationId!, input.taskId!))!;
    }
    await ctx.emit(
      licencesEvent(
        'licences.licence.issued',
        {
          licenceId: saved.id,
          number: saved.number,
          type: saved.type,
          typeName: saved.typeName,
          holderId: saved.holderId,
          holderKind: saved.holderKind,
          holderName: saved.holderName,
          departmentId: saved.departmentId,
          districtId: saved.districtId,
          applicationId: saved.applicationId,
          taskId: saved.taskId,
          issuedAt: saved.issuedAt.toISOString(),
          validUntil: saved.validUntil?.toISOString() ?? null,
          fields: saved.holderKind === 'enterprise' ? saved.fields : {},
        },
        { actorId: actor.kind === 'system' ? null : actor.id, regionId: saved.districtId },
      ),
    );
    await ctx.audit({
      actor: { id: actor.id, name: actor.displayName },
      action: 'licences.issue',
      target: { type: 'licence', id: saved.id },
      regionId: saved.departmentRegionId,
      details: { number: saved.number, type: saved.type, application: saved.applicationId },
    });
    return saved;
  }

  /** Revokes; a revoked licence fails online verification at once (offline: via the list). */
  async revoke(
    actor: Actor,
    id: string,
    input: { reason: string; version: number },
    actorDepartment: string | null,
  ): Promise<LicenceRow> {
    const current = await this.get(id);
    this.policy.authorize(actor, 'licences.revoke', { regionId: current.departmentRegionId });
    const admin = this.policy.can(actor, 'licences.revoke.any', {
      regionId: current.departmentRegionId,
    });
    if (!admin && actorDepartment !== current.departmentId) {
      throw forbidden(`only ${current.departmentName} revokes licence ${current.number}`);
    }
    if (current.status === 'revoked') {
      throw conflict('already_revoked', `licence ${current.number} was revoked already`);
    }
    return this.uow.run(async (ctx) => {
      const now = new Date();
      const revoked = await this.repository.revoke(
        ctx.sql,
        id,
        input.version,
        actor.id,
        input.reason,
        now,
      );
      if (!revoked) {
        const latest = await this.repository.find(ctx.sql, id);
        throw conflict(
          'version_conflict',
          `licence ${current.number} was changed meanwhile (now version ${latest?.version ?? '?'}, ${latest?.status ?? '?'})`,
        );
      }
      await ctx.emit(
        licencesEvent(
          'licences.licence.revoked',
          {
            licenceId: revoked.id,
            number: revoked.number,
            type: revoked.type,
            holderId: revoked.holderId,
            departmentId: revoked.departmentId,
            districtId: revoked.districtId,
            reason: input.reason,
            revokedAt: now.toISOString(),
          },
          { actorId: actor.id, regionId: revoked.districtId },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'licences.revoke',
        target: { type: 'licence', id },
        regionId: revoked.departmentRegionId,
        details: { number: revoked.number, reason: input.reason },
      });
      return revoked;
    });
  }

  async get(id: string): Promise<LicenceRow> {
    const row = await this.repository.find(this.db.orm, id);
    if (!row) throw notFound('licence', id);
    return row;
  }

  /** A licence for its holder, or for staff who may read licences where it was issued. */
  async readable(actor: Actor, id: string): Promise<LicenceRow> {
    const row = await this.repository.find(this.db.orm, id);
    if (!row) throw notFound('licence', id);
    if (row.holderId === actor.id) return row;
    if (this.policy.can(actor, 'licences.read', { regionId: row.departmentRegionId })) return row;
    throw notFound('licence', id);
  }

  mine(actor: Actor): Promise<LicenceRow[]> {
    return this.repository.byHolder(this.db.orm, actor.id);
  }

  list(actor: Actor, filter: Omit<LicenceFilter, 'regionIds'>) {
    const scopes = this.policy.scopesFor(actor, 'licences.read');
    if (scopes.length === 0) this.policy.authorize(actor, 'licences.read');
    const regionIds = scopes.includes(this.regions.rootId)
      ? null
      : scopes.flatMap((s) => this.regions.descendantIds(s));
    return this.repository.list(this.db.orm, { ...filter, regionIds });
  }

  usesOf(id: string) {
    return this.repository.usesOf(this.db.orm, id);
  }

  /**
   * Online verification: the signature against our keys, the validity window, and — what
   * an offline verifier needs the revocation list for — whether it was revoked since.
   */
  async verify(token: string, now = new Date()): Promise<Verification> {
    const checkedAt = now.toISOString();
    const result = verifyCompact(token, this.verifying, now);
    if (!result.ok && !result.claims) {
      return { valid: false, reason: result.reason, checkedAt, licence: null };
    }
    const claims = result.ok ? result.claims : result.claims!;
    const row =
      typeof claims.jti === 'string'
        ? await this.repository.find(this.db.orm, claims.jti)
        : undefined;
    if (!row || row.jws !== token.trim()) {
      return { valid: false, reason: 'unknown_licence', checkedAt, licence: null };
    }
    if (row.status === 'revoked')
      return { valid: false, reason: 'revoked', checkedAt, licence: row };
    if (!result.ok) return { valid: false, reason: result.reason, checkedAt, licence: row };
    if (statusOf(row, now) === 'expired') {
      return { valid: false, reason: 'expired', checkedAt, licence: row };
    }
    return { valid: true, reason: null, checkedAt, licence: row };
  }

  /** Every revoked licence, signed as a whole so offline verifiers can trust any copy. */
  async revocationList(now = new Date()) {
    const rows = await this.repository.revoked(this.db.orm);
    const revoked = rows.map((r) => ({
      id: r.id,
      number: r.number,
      type: r.type,
      revokedAt: r.revokedAt!.toISOString(),
      reason: r.reason ?? '',
    }));
    const signing = this.signing;
    if (!signing) throw new Error('licence keys not loaded');
    const jws = signCompact(
      signing,
      { iss: ISSUER, iat: Math.floor(now.getTime() / 1000), revoked: revoked.map((r) => r.id) },
      'licence-revocations+jwt',
    );
    return { issuer: ISSUER, generatedAt: now.toISOString(), revoked, jws };
  }

  /** Records that a holder let an application use a licence (两个免于提交, with consent). */
  async recordUses(
    ctx: WriteContext,
    use: { applicationId: string; applicationNumber: string; applicantId: string },
    attached: Array<{ licenceId: string; materialKey: string }>,
  ): Promise<void> {
    for (const a of attached) {
      const licence = await this.repository.find(ctx.sql, a.licenceId);
      if (!licence || licence.holderId !== use.applicantId) continue;
      await this.repository.recordUse(ctx.sql, {
        licenceId: a.licenceId,
        applicationId: use.applicationId,
        applicationNumber: use.applicationNumber,
        materialKey: a.materialKey,
      });
    }
  }

  /** For the services module: what a holder has of some types, and one licence by id. */
  async held(holderId: string, types: string[]) {
    const rows = await this.repository.byHolder(this.db.orm, holderId, types);
    return rows.filter((r) => statusOf(r) === 'valid').map((r) => this.summary(r));
  }

  async find(id: string) {
    const row = await this.repository.find(this.db.orm, id);
    return row ? this.summary(row) : null;
  }

  private summary(row: LicenceRow) {
    return {
      id: row.id,
      number: row.number,
      type: row.type,
      typeName: row.typeName,
      holderId: row.holderId,
      status: statusOf(row),
      issuedAt: row.issuedAt.toISOString(),
      validUntil: row.validUntil?.toISOString() ?? null,
    };
  }
}

function addYears(date: Date, years: number): Date {
  const out = new Date(date);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}
