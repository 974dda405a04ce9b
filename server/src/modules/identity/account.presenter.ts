import { Type, type Static } from 'typebox';
import { staffRoles, type StaffRole } from '../../platform/auth/actor.ts';
import type { RegionScope } from '../regions/index.ts';
import type { AccountView } from './identity.service.ts';
import { maskIdNumber, maskPhone } from './masking.ts';

export const StaffRoleSchema = Type.Unsafe<StaffRole>({ type: 'string', enum: [...staffRoles] });
export const AccountKindSchema = Type.Union([
  Type.Literal('citizen'),
  Type.Literal('enterprise'),
  Type.Literal('staff'),
]);
export const AssuranceLevelSchema = Type.Union([
  Type.Literal('basic'),
  Type.Literal('real-name'),
  Type.Literal('real-person'),
]);

export const RoleGrantView = Type.Object({
  role: StaffRoleSchema,
  regionId: Type.String(),
  regionName: Type.Union([Type.String(), Type.Null()]),
});

export const AccountSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: AccountKindSchema,
    username: Type.String(),
    displayName: Type.String(),
    assuranceLevel: AssuranceLevelSchema,
    status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    phone: Type.Union([Type.String(), Type.Null()], { description: 'masked: 138****5678' }),
    idNumber: Type.Union([Type.String(), Type.Null()], {
      description: 'masked: 310101********1234',
    }),
    creditCode: Type.Union([Type.String(), Type.Null()]),
    departmentId: Type.Union([Type.String(), Type.Null()]),
    roles: Type.Array(RoleGrantView),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Account' },
);

export type AccountDto = Static<typeof AccountSchema>;

/** Personal data leaves the server masked, whoever asks. */
export function presentAccount(account: AccountView, regions: RegionScope): AccountDto {
  return {
    id: account.id,
    kind: account.kind,
    username: account.username,
    displayName: account.displayName,
    assuranceLevel: account.assuranceLevel,
    status: account.status,
    phone: maskPhone(account.phone),
    idNumber: maskIdNumber(account.idNumber),
    creditCode: account.creditCode,
    departmentId: account.departmentId,
    roles: account.grants.map((grant) => ({
      ...grant,
      regionName: regions.nameOf(grant.regionId),
    })),
    createdAt: account.createdAt.toISOString(),
  };
}
