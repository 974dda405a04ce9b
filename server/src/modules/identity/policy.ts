import type { Actor, StaffRole } from '../../platform/auth/actor.ts';
import { forbidden } from '../../platform/errors/app-error.ts';
import type { RegionScope } from '../regions/index.ts';

/**
 * Which staff roles may perform an action. Modules add their own actions when they are
 * registered (cases, services, …); the foundation's are declared here.
 */
const rolesByAction = new Map<string, ReadonlySet<StaffRole>>();

export function allowRoles(action: string, roles: readonly StaffRole[]): void {
  const current = rolesByAction.get(action) ?? new Set<StaffRole>();
  rolesByAction.set(action, new Set([...current, ...roles]));
}

const everyRole: StaffRole[] = [
  'commander',
  'acceptor',
  'dispatcher',
  'handler',
  'grid_worker',
  'reviewer',
  'data_admin',
  'system_admin',
];
allowRoles('regions.manage', ['system_admin', 'data_admin']);
allowRoles('accounts.read', ['system_admin', 'commander']);
allowRoles('accounts.manage', ['system_admin']);
allowRoles('audit.read', ['system_admin']);
allowRoles('staff.workbench', everyRole);

export interface PolicyResource {
  /** The region the resource belongs to; omitted means the whole city. */
  regionId?: string | null;
  /** The account that owns the resource (a citizen's own data). */
  ownerId?: string | null;
}

/**
 * The one authorization rule every route uses: a staff actor may perform `action` on a
 * resource when one of their grants carries a role allowed for the action and the grant's
 * region contains the resource's region. Citizens and enterprises act on what they own.
 */
export class Policy {
  constructor(private readonly regions: RegionScope) {}

  can(actor: Actor, action: string, resource: PolicyResource = {}): boolean {
    if (actor.kind === 'system') return true;
    if (resource.ownerId && resource.ownerId === actor.id && action.endsWith('.own')) return true;
    const roles = rolesByAction.get(action);
    if (!roles) return false;
    const regionId = resource.regionId ?? this.regions.rootId;
    return actor.grants.some(
      (grant) => roles.has(grant.role) && this.regions.isWithin(regionId, grant.regionId),
    );
  }

  /** Throws a 403 problem naming the action and region when `can` says no. */
  authorize(actor: Actor, action: string, resource: PolicyResource = {}): void {
    if (this.can(actor, action, resource)) return;
    const where = resource.regionId ? ` in region ${resource.regionId}` : '';
    throw forbidden(`${actor.username} may not ${action}${where}`);
  }

  /** The region subtrees in which the actor may perform `action` (for list filters). */
  scopesFor(actor: Actor, action: string): string[] {
    if (actor.kind === 'system') return [this.regions.rootId];
    const roles = rolesByAction.get(action);
    if (!roles) return [];
    return actor.grants.filter((grant) => roles.has(grant.role)).map((grant) => grant.regionId);
  }
}
