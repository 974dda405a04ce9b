import { Type, type Static } from 'typebox';

const Level = Type.Union([
  Type.Literal('city'),
  Type.Literal('district'),
  Type.Literal('street'),
  Type.Literal('grid'),
]);
const Share = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

export const RegionQuery = Type.Object(
  {
    regionId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_-]+$' }),
    ),
  },
  { additionalProperties: false },
);

export const DevicesQuery = Type.Object(
  {
    regionId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_-]+$' }),
    ),
    ids: Type.Boolean({
      default: true,
      description: 'false leaves the id column empty (a map needs only positions and states)',
    }),
  },
  { additionalProperties: false },
);

export const StreamQuery = Type.Object(
  {
    regionId: Type.Optional(
      Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9A-Za-z_-]+$' }),
    ),
    access_token: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 4096,
        pattern: '^[A-Za-z0-9._~+/=-]+$',
        description: 'The bearer token, for clients that cannot set headers (EventSource)',
      }),
    ),
  },
  { additionalProperties: false },
);

const RegionRef = Type.Object({ id: Type.String(), name: Type.String(), level: Level });

export const ScreenOverview = Type.Object(
  {
    region: Type.Object({
      id: Type.String(),
      name: Type.String(),
      level: Level,
      path: Type.Array(RegionRef, { description: 'From the city down to the region itself' }),
    }),
    generatedAt: Type.String({ format: 'date-time' }),
    seq: Type.Integer({ description: 'Increases whenever any number of this region changes' }),
    devices: Type.Object({
      total: Count,
      online: Count,
      offline: Count,
      alerting: Count,
      onlineRate: Share,
    }),
    readingsPerSecond: Type.Number({ minimum: 0 }),
    alerts: Type.Object({
      active: Count,
      today: Count,
      byKind: Type.Array(Type.Object({ kind: Type.String(), name: Type.String(), count: Count })),
    }),
    cases: Type.Object({
      open: Count,
      today: Count,
      byStage: Type.Array(Type.Object({ stage: Type.String(), count: Count })),
      closedToday: Count,
      onTimeCloseRate: Share,
    }),
    services: Type.Object({ applicationsToday: Count, fullyOnlineShare: Share }),
    citycode: Type.Object({
      scansToday: Count,
      byScene: Type.Array(
        Type.Object({
          sceneId: Type.String(),
          sceneType: Type.Union([Type.String(), Type.Null()]),
          name: Type.String(),
          count: Count,
        }),
      ),
    }),
    hotline: Type.Null(),
    children: Type.Array(
      Type.Object({
        regionId: Type.String(),
        name: Type.String(),
        level: Level,
        openCases: Count,
        devices: Count,
        alerting: Count,
      }),
    ),
  },
  { $id: 'ScreenOverview' },
);
export type ScreenOverview = Static<typeof ScreenOverview>;

export const ScreenDevices = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  count: Count,
  id: Type.Array(Type.String()),
  lng: Type.Array(Type.Number()),
  lat: Type.Array(Type.Number()),
  state: Type.Array(Type.Integer({ minimum: 0, maximum: 2 }), {
    description: '0 online, 1 offline, 2 alerting',
  }),
});
export type ScreenDevices = Static<typeof ScreenDevices>;

export const ScreenAlert = Type.Object({
  id: Type.String(),
  lng: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  severity: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  raisedAt: Type.String({ format: 'date-time' }),
});
export const ScreenAlerts = Type.Object({ items: Type.Array(ScreenAlert) });
export type ScreenAlerts = Static<typeof ScreenAlerts>;

export const ScreenCrowd = Type.Object({
  resolution: Type.Literal(8),
  cells: Type.Array(Type.Object({ h3: Type.String(), count: Count })),
});
export type ScreenCrowd = Static<typeof ScreenCrowd>;
