import { Type, type Static } from 'typebox';
import type { RegionScope } from '../regions/index.ts';
import type { DeviceWithState } from './device.repository.ts';
import type { ProductRow } from './product.repository.ts';
import { ThingModelSchema } from './thing-model.ts';

export const ProductSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    description: Type.String(),
    retentionDays: Type.Integer(),
    thingModel: ThingModelSchema,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'IotProduct' },
);

const RegionRef = Type.Union([
  Type.Object({ id: Type.String(), name: Type.Union([Type.String(), Type.Null()]) }),
  Type.Null(),
]);

export const DeviceSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    productId: Type.String(),
    tags: Type.Array(Type.String()),
    location: Type.Union([Type.Object({ lng: Type.Number(), lat: Type.Number() }), Type.Null()]),
    grid: RegionRef,
    street: RegionRef,
    district: RegionRef,
    departmentId: Type.Union([Type.String(), Type.Null()]),
    online: Type.Boolean(),
    lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    token: Type.Optional(
      Type.String({
        description:
          'The device’s access token (credential); shown only to those who may manage the device',
      }),
    ),
  },
  { $id: 'IotDevice' },
);

export type DeviceDto = Static<typeof DeviceSchema>;

export function presentProduct(p: ProductRow): Static<typeof ProductSchema> {
  return {
    id: p.id,
    name: p.name,
    nameEn: p.nameEn,
    description: p.description,
    retentionDays: p.retentionDays,
    thingModel: p.thingModel,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

/** The credential leaves the server only for managers of the device, never in lists. */
export function presentDevice(
  d: DeviceWithState,
  regions: RegionScope,
  options: { withToken?: boolean } = {},
): DeviceDto {
  const ref = (id: string | null) => (id ? { id, name: regions.nameOf(id) } : null);
  return {
    id: d.id,
    name: d.name,
    productId: d.productId,
    tags: d.tags,
    location: d.lng !== null && d.lat !== null ? { lng: d.lng, lat: d.lat } : null,
    grid: ref(d.gridId),
    street: ref(d.streetId),
    district: ref(d.districtId),
    departmentId: d.departmentId,
    online: d.online,
    lastSeenAt: d.lastSeenAt ? d.lastSeenAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    ...(options.withToken ? { token: d.token } : {}),
  };
}
