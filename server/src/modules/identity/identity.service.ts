import type { Actor, AccountKind, RoleGrant } from '../../platform/auth/actor.ts';
import type { Database, Sql } from '../../platform/db/database.ts';
import {
  AppError,
  badRequest,
  conflict,
  notFound,
  unauthorized,
} from '../../platform/errors/app-error.ts';
import type { UnitOfWork } from '../../platform/unit-of-work.ts';
import type { RegionScope } from '../regions/index.ts';
import type { AccountRepository, AccountRow, NewAccount } from './account.repository.ts';
import type { Department, DepartmentRepository } from './department.repository.ts';
import { identityEvent } from './identity.events.ts';
import { isValidIdNumber, isValidMobile } from './masking.ts';
import { hashPassword, passwordProblem, verifyPassword } from './password.ts';
import type { Policy } from './policy.ts';
import type { TokenService } from './token.service.ts';

const LOCK_AFTER_FAILURES = 5;
const LOCK_SECONDS = 15 * 60;

export interface AccountView extends AccountRow {
  grants: RoleGrant[];
}

export interface RegistrationInput {
  kind: Exclude<AccountKind, 'staff'>;
  username: string;
  password: string;
  displayName: string;
  phone?: string;
  idNumber?: string;
  creditCode?: string;
}

export interface StaffInput {
  username: string;
  password: string;
  displayName: string;
  phone?: string;
  departmentId?: string;
  grants: RoleGrant[];
}

/** Accounts, login and role grants. Scope checks use the one Policy. */
export class IdentityService {
  // A real hash to compare against when the username is unknown, so that a login's timing
  // does not tell whether an account exists.
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: Database,
    private readonly uow: UnitOfWork,
    private readonly accounts: AccountRepository,
    private readonly tokens: TokenService,
    private readonly policy: Policy,
    private readonly regions: RegionScope,
    private readonly departments: DepartmentRepository,
  ) {}

  listDepartments(filter: { regionId?: string; code?: string }): Promise<Department[]> {
    return this.departments.list(this.db.orm, {
      regionIds: filter.regionId ? [filter.regionId] : undefined,
      code: filter.code,
    });
  }

  async importDepartments(actor: Actor, list: Department[]): Promise<number> {
    return this.uow.run(async (ctx) => {
      const inserted = await this.departments.insertMany(ctx.sql, list);
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'identity.departments.import',
        target: { type: 'department-batch', id: String(list.length) },
        details: { departments: list.length, inserted },
      });
      return inserted;
    });
  }

  async login(username: string, password: string) {
    const account = await this.accounts.findByUsername(this.db.orm, username);
    if (!account) {
      this.dummyHash ??= hashPassword('not-a-real-password-1');
      await verifyPassword(password, await this.dummyHash);
      throw unauthorized('Wrong username or password');
    }
    if (account.status !== 'active')
      throw new AppError('account_disabled', 403, 'This account is disabled');
    if (account.lockedUntil && account.lockedUntil > new Date()) {
      throw new AppError(
        'account_locked',
        429,
        `Too many failed logins; try again after ${account.lockedUntil.toISOString()}`,
        { lockedUntil: account.lockedUntil.toISOString() },
      );
    }
    if (!(await verifyPassword(password, account.passwordHash))) {
      await this.accounts.recordLoginFailure(
        this.db.orm,
        account.id,
        LOCK_AFTER_FAILURES,
        LOCK_SECONDS,
      );
      throw unauthorized('Wrong username or password');
    }
    if (account.failedLogins > 0 || account.lockedUntil) {
      await this.accounts.recordLoginSuccess(this.db.orm, account.id);
    }
    const { token, expiresIn } = await this.tokens.issue({ sub: account.id, kind: account.kind });
    return { accessToken: token, expiresIn, account: await this.view(account) };
  }

  /** Resolves a bearer token to the acting person, with their current grants. */
  async authenticate(token: string): Promise<Actor> {
    const claims = await this.tokens.verify(token);
    const account = await this.accounts.findById(this.db.orm, claims.sub);
    if (!account || account.status !== 'active') {
      throw unauthorized('The account behind this token no longer exists or is disabled');
    }
    const grants = (await this.accounts.grantsOf(this.db.orm, [account.id])).get(account.id) ?? [];
    return {
      id: account.id,
      kind: account.kind,
      username: account.username,
      displayName: account.displayName,
      assuranceLevel: account.assuranceLevel,
      grants,
    };
  }

  async register(input: RegistrationInput): Promise<AccountView> {
    this.checkPassword(input.password);
    if (input.phone && !isValidMobile(input.phone)) {
      throw badRequest('invalid_phone', 'phone must be a mainland mobile number (11 digits)');
    }
    if (input.idNumber && !isValidIdNumber(input.idNumber)) {
      throw badRequest('invalid_id_number', 'idNumber is not a valid resident ID number');
    }
    if (input.kind === 'enterprise' && !input.creditCode) {
      throw badRequest(
        'credit_code_required',
        'An enterprise account needs its unified social credit code',
      );
    }
    const id = crypto.randomUUID();
    const passwordHash = await hashPassword(input.password);
    await this.uow.run(async (ctx) => {
      await this.ensureUsernameFree(ctx.sql, input.username);
      const inserted = await this.accounts.insertMany(
        ctx.sql,
        [
          {
            id,
            kind: input.kind,
            username: input.username,
            displayName: input.displayName,
            passwordHash,
            phone: input.phone ?? null,
            idNumber: input.idNumber ?? null,
            creditCode: input.creditCode ?? null,
          },
        ],
        id,
      );
      if (inserted === 0) {
        throw conflict('id_number_registered', 'An account with this ID number exists already');
      }
      await ctx.emit(
        identityEvent(
          'identity.account.registered',
          { accountId: id, kind: input.kind, username: input.username },
          { actorId: id },
        ),
      );
      await ctx.audit({
        actor: { id, name: input.displayName },
        action: 'identity.register',
        target: { type: 'account', id },
        details: { kind: input.kind, username: input.username },
      });
    });
    return this.require(id);
  }

  async createStaff(actor: Actor, input: StaffInput): Promise<AccountView> {
    this.checkPassword(input.password);
    if (input.grants.length === 0)
      throw badRequest('grants_required', 'A staff account needs at least one role grant');
    for (const grant of input.grants) this.checkGrant(actor, grant);
    if (input.phone && !isValidMobile(input.phone)) {
      throw badRequest('invalid_phone', 'phone must be a mainland mobile number (11 digits)');
    }
    if (input.departmentId) {
      if (!(await this.departments.findById(this.db.orm, input.departmentId))) {
        throw badRequest('unknown_department', `Department ${input.departmentId} does not exist`);
      }
    }
    const id = crypto.randomUUID();
    const passwordHash = await hashPassword(input.password);
    await this.uow.run(async (ctx) => {
      await this.ensureUsernameFree(ctx.sql, input.username);
      const inserted = await this.accounts.insertMany(
        ctx.sql,
        [
          {
            id,
            kind: 'staff',
            username: input.username,
            displayName: input.displayName,
            passwordHash,
            phone: input.phone ?? null,
            departmentId: input.departmentId ?? null,
            grants: input.grants,
          },
        ],
        actor.id,
      );
      if (inserted === 0)
        throw conflict('username_taken', `The username ${input.username} is taken`);
      await ctx.emit(
        identityEvent(
          'identity.account.registered',
          { accountId: id, kind: 'staff', username: input.username },
          { actorId: actor.id },
        ),
        ...input.grants.map((grant) =>
          identityEvent(
            'identity.role.granted',
            { accountId: id, ...grant },
            { actorId: actor.id, regionId: grant.regionId },
          ),
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'identity.staff.create',
        target: { type: 'account', id },
        regionId: input.grants[0]?.regionId ?? null,
        details: { username: input.username, grants: input.grants },
      });
    });
    return this.require(id);
  }

  async grant(actor: Actor, accountId: string, grant: RoleGrant): Promise<AccountView> {
    const account = await this.require(accountId);
    if (account.kind !== 'staff')
      throw badRequest('not_staff', 'Roles are granted to staff accounts only');
    this.checkGrant(actor, grant);
    await this.uow.run(async (ctx) => {
      if (!(await this.accounts.addGrant(ctx.sql, accountId, grant, actor.id))) return;
      await ctx.emit(
        identityEvent(
          'identity.role.granted',
          { accountId, ...grant },
          { actorId: actor.id, regionId: grant.regionId },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'identity.role.grant',
        target: { type: 'account', id: accountId },
        regionId: grant.regionId,
        details: { ...grant },
      });
    });
    return this.require(accountId);
  }

  async revoke(actor: Actor, accountId: string, grant: RoleGrant): Promise<AccountView> {
    await this.require(accountId);
    this.policy.authorize(actor, 'accounts.manage', { regionId: grant.regionId });
    await this.uow.run(async (ctx) => {
      if (!(await this.accounts.removeGrant(ctx.sql, accountId, grant))) {
        throw notFound('role grant', `${grant.role}@${grant.regionId}`);
      }
      await ctx.emit(
        identityEvent(
          'identity.role.revoked',
          { accountId, ...grant },
          { actorId: actor.id, regionId: grant.regionId },
        ),
      );
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'identity.role.revoke',
        target: { type: 'account', id: accountId },
        regionId: grant.regionId,
        details: { ...grant },
      });
    });
    return this.require(accountId);
  }

  async get(actor: Actor, id: string): Promise<AccountView> {
    const account = await this.require(id);
    if (actor.id === id) return account;
    const visible = account.grants.length
      ? account.grants.some((g) =>
          this.policy.can(actor, 'accounts.read', { regionId: g.regionId }),
        )
      : this.policy.can(actor, 'accounts.read');
    if (!visible) throw notFound('account', id);
    return account;
  }

  async list(
    actor: Actor,
    filter: { kind?: AccountKind; q?: string; limit: number; offset: number },
  ) {
    const scopes = this.policy.scopesFor(actor, 'accounts.read');
    if (scopes.length === 0) this.policy.authorize(actor, 'accounts.read');
    const citywide = scopes.includes(this.regions.rootId);
    // Outside the city scope only staff are listed: citizens belong to no region.
    if (!citywide && filter.kind && filter.kind !== 'staff') return { items: [], total: 0 };
    const regionIds = citywide
      ? null
      : scopes.flatMap((scope) => this.regions.descendantIds(scope));
    const { rows, total } = await this.accounts.list(this.db.orm, {
      ...filter,
      kind: citywide ? filter.kind : 'staff',
      regionIds,
    });
    const grants = await this.accounts.grantsOf(
      this.db.orm,
      rows.map((row) => row.id),
    );
    return { items: rows.map((row) => ({ ...row, grants: grants.get(row.id) ?? [] })), total };
  }

  /** Bulk creation for the demo seed: one transaction, audited once. */
  async importAccounts(actor: Actor, list: NewAccount[]): Promise<number> {
    return this.uow.run(async (ctx) => {
      const inserted = await this.accounts.insertMany(ctx.sql, list, actor.id);
      await ctx.audit({
        actor: { id: actor.id, name: actor.displayName },
        action: 'identity.import',
        target: { type: 'account-batch', id: String(list.length) },
        details: { accounts: list.length, inserted },
      });
      return inserted;
    });
  }

  private checkGrant(actor: Actor, grant: RoleGrant): void {
    if (!this.regions.exists(grant.regionId)) {
      throw badRequest('unknown_region', `Region ${grant.regionId} does not exist`);
    }
    this.policy.authorize(actor, 'accounts.manage', { regionId: grant.regionId });
  }

  private checkPassword(password: string): void {
    const problem = passwordProblem(password);
    if (problem) throw badRequest('weak_password', `password ${problem}`);
  }

  /** Inside a unit of work: PGlite has one connection, so use the transaction's handle. */
  private async ensureUsernameFree(tx: Sql, username: string): Promise<void> {
    if (await this.accounts.findByUsername(tx, username)) {
      throw conflict('username_taken', `The username ${username} is taken`);
    }
  }

  private async require(id: string): Promise<AccountView> {
    const account = await this.accounts.findById(this.db.orm, id);
    if (!account) throw notFound('account', id);
    return this.view(account);
  }

  private async view(account: AccountRow): Promise<AccountView> {
    const grants = (await this.accounts.grantsOf(this.db.orm, [account.id])).get(account.id) ?? [];
    return { ...account, grants };
  }
}
