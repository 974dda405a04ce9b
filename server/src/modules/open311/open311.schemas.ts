import { Type, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const formats = ['json', 'xml'] as const;
export type Format = (typeof formats)[number];

export const Open311Errors = Type.Array(
  Type.Object({ code: Type.Integer(), description: Type.String() }),
  { $id: 'Open311Errors', description: 'GeoReport v2 errors: [{"code": 400, "description": "…"}]' },
);

export const DiscoveryView = Type.Object({
  changeset: Type.String(),
  contact: Type.String(),
  key_service: Type.String(),
  endpoints: Type.Array(
    Type.Object({
      specification: Type.String(),
      url: Type.String(),
      changeset: Type.String(),
      type: Type.String(),
      formats: Type.Array(Type.String()),
    }),
  ),
});

export const ServiceView = Type.Object(
  {
    service_code: Type.String(),
    service_name: Type.String(),
    description: Type.String(),
    metadata: Type.Boolean(),
    type: Type.Literal('realtime'),
    keywords: Type.String(),
    group: Type.String(),
  },
  { $id: 'Open311Service' },
);

export const DefinitionView = Type.Object(
  {
    service_code: Type.String(),
    attributes: Type.Array(
      Type.Object({
        variable: Type.Boolean(),
        code: Type.String(),
        datatype: StringEnum([
          'string',
          'number',
          'datetime',
          'text',
          'singlevaluelist',
          'multivaluelist',
        ] as const),
        required: Type.Boolean(),
        datatype_description: Nullable(Type.String()),
        order: Type.Integer(),
        description: Type.String(),
        values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
      }),
    ),
  },
  { $id: 'Open311ServiceDefinition' },
);

export const RequestView = Type.Object(
  {
    service_request_id: Type.String(),
    status: StringEnum(['open', 'closed'] as const),
    status_notes: Nullable(Type.String()),
    service_name: Type.String(),
    service_code: Type.String(),
    description: Nullable(Type.String()),
    agency_responsible: Nullable(Type.String()),
    service_notice: Nullable(Type.String()),
    requested_datetime: Type.String(),
    updated_datetime: Type.String(),
    expected_datetime: Nullable(Type.String()),
    address: Nullable(Type.String()),
    address_id: Nullable(Type.String()),
    zipcode: Nullable(Type.String()),
    lat: Type.Number(),
    long: Type.Number(),
    media_url: Nullable(Type.String()),
  },
  { $id: 'Open311Request' },
);

export const SubmitView = Type.Object({
  service_request_id: Type.String(),
  token: Type.String(),
  service_notice: Type.String(),
  account_id: Nullable(Type.String()),
});

export const TokenView = Type.Object({
  service_request_id: Type.String(),
  token: Type.String(),
});

export const UpdateView = Type.Object(
  {
    update_id: Type.String(),
    service_request_id: Type.String(),
    status: StringEnum(['open', 'closed'] as const),
    updated_datetime: Type.String(),
    description: Type.String(),
    agency_responsible: Nullable(Type.String()),
    media_url: Nullable(Type.String()),
  },
  { $id: 'Open311RequestUpdate' },
);

const field = (description: string, maxLength = 200) =>
  Type.Optional(Type.String({ maxLength, description }));

/** The form fields of POST requests (all optional here: the handler gives the spec's errors). */
export const SubmitBody = Type.Object(
  {
    api_key: field('Your API key (required; from the city administrator)'),
    jurisdiction_id: field('Optional; must be this endpoint’s jurisdiction'),
    service_code: field('A service_code from GET services', 16),
    lat: field('WGS 84 latitude (with long)', 40),
    long: field('WGS 84 longitude (with lat)', 40),
    address_string: field(
      'Used as the address; without lat/long it must name a residents’ committee (居委会) of the city',
    ),
    address_id: field('Not supported: send lat/long or address_string'),
    email: field('Reporter e-mail'),
    device_id: field('Reporting device', 100),
    account_id: field('Reporter account in your system', 100),
    first_name: field('Reporter first name', 50),
    last_name: field('Reporter last name', 50),
    phone: field('Reporter phone', 30),
    description: field('What is wrong (up to 4000 characters)', 4000),
    media_url: field('URL of a photo', 1000),
  },
  {
    additionalProperties: false,
    patternProperties: {
      '^attribute\\[[A-Za-z0-9_.-]+\\](\\[\\])?$': Type.Union([
        Type.String({ maxLength: 2000 }),
        Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 }),
      ]),
    },
    description: 'application/x-www-form-urlencoded (or multipart/form-data without files)',
  },
);

const keyQuery = {
  api_key: Type.Optional(
    Type.String({ maxLength: 200, description: 'Optional for reads: your own rate limit' }),
  ),
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 100 })),
};

export const KeyQuery = Type.Object(keyQuery, { additionalProperties: false });

export const RequestsQuery = Type.Object(
  {
    ...keyQuery,
    service_request_id: Type.Optional(
      Type.String({
        maxLength: 4000,
        description: 'Comma-separated ids; when given, the other filters are ignored',
      }),
    ),
    service_code: Type.Optional(
      Type.String({ maxLength: 1000, description: 'Comma-separated service codes' }),
    ),
    status: Type.Optional(
      Type.String({ maxLength: 20, description: 'open, closed, or open,closed' }),
    ),
    start_date: Type.Optional(Type.String({ format: 'date-time' })),
    end_date: Type.Optional(Type.String({ format: 'date-time' })),
    page: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, description: 'Extension: 1-based page' }),
    ),
    page_size: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        description: 'Extension: results a page (default 1000)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const KeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, description: 'Who the key is for' }),
    contact: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Person, e-mail or phone to reach them',
    }),
    ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

export const KeyView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    contact: Type.String(),
    keyPrefix: Type.String({ description: 'The first characters of the key' }),
    ratePerMinute: Type.Integer(),
    status: StringEnum(['active', 'revoked'] as const),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: Nullable(Type.String({ format: 'date-time' })),
    lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'Open311Key' },
);
