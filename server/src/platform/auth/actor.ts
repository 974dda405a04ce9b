/** Who is acting. Staff act through role grants, each valid within one region subtree. */
export type AccountKind = 'citizen' | 'enterprise' | 'staff';

export type AssuranceLevel = 'basic' | 'real-name' | 'real-person';

export const staffRoles = [
  'commander',
  'acceptor',
  'dispatcher',
  'handler',
  'grid_worker',
  'reviewer',
  'data_admin',
  'system_admin',
] as const;

export type StaffRole = (typeof staffRoles)[number];

export interface RoleGrant {
  role: StaffRole;
  regionId: string;
}

export interface Actor {
  id: string;
  kind: AccountKind | 'system';
  username: string;
  displayName: string;
  assuranceLevel: AssuranceLevel;
  grants: RoleGrant[];
}

/** The platform itself (seed, timers, consumers) when no person acts. */
export const systemActor: Actor = {
  id: 'system',
  kind: 'system',
  username: 'system',
  displayName: 'OneCity',
  assuranceLevel: 'basic',
  grants: [],
};
