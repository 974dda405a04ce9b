import { describe, expect, it } from 'vitest';
import {
  BundleMergeError,
  longestChain,
  mergeBundle,
  projectForm,
  stepProblems,
} from './bundle-merge.ts';
import type { BundleDefinition, FieldSchema, ServiceItem } from './service-catalogue.ts';

const field = (title: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({
  type: 'string',
  title,
  ...extra,
});

function item(id: string, overrides: Partial<ServiceItem> = {}): ServiceItem {
  return {
    id,
    code: id.toUpperCase(),
    name: id,
    nameEn: id,
    description: '',
    departmentCode: 'scjg',
    handledAt: 'district',
    kind: 'administrative_licence',
    audiences: ['enterprise'],
    statutoryDays: 20,
    promisedDays: 5,
    onlineLevel: 'full_online',
    materials: [],
    form: { type: 'object', properties: {}, required: [], additionalProperties: false },
    licence: null,
    lifeEvents: [],
    topics: [],
    keywords: '',
    ...overrides,
  };
}

const food = item('food', {
  form: {
    type: 'object',
    properties: {
      enterpriseName: field('企业名称', { maxLength: 100 }),
      businessAddress: field('经营场所'),
      businessType: field('主体业态', { enum: ['餐饮服务经营者', '单位食堂'] }),
    },
    required: ['enterpriseName', 'businessAddress'],
    additionalProperties: false,
  },
  materials: [
    {
      key: 'business_licence',
      name: '营业执照',
      nameEn: 'BL',
      required: true,
      source: { kind: 'licence', licenceType: 'business_licence' },
    },
    {
      key: 'floor_plan',
      name: '平面图',
      nameEn: 'Plan',
      required: false,
      source: { kind: 'upload' },
    },
  ],
  licence: { type: 'food_business', validYears: 5 },
  promisedDays: 5,
  statutoryDays: 20,
});
const fire = item('fire', {
  form: {
    type: 'object',
    properties: {
      enterpriseName: field('企业名称', { maxLength: 60 }),
      premises: field('场所地址'),
      seats: { type: 'integer', title: '座位数', minimum: 0 },
    },
    required: ['enterpriseName', 'premises', 'seats'],
    additionalProperties: false,
  },
  materials: [
    {
      key: 'business_licence',
      name: '营业执照',
      nameEn: 'BL',
      required: true,
      source: { kind: 'licence', licenceType: 'business_licence' },
    },
    {
      key: 'floor_plan',
      name: '平面图',
      nameEn: 'Plan',
      required: true,
      source: { kind: 'upload' },
    },
  ],
  onlineLevel: 'one_visit',
  promisedDays: 3,
  statutoryDays: 10,
});
const liquor = item('liquor', {
  form: {
    type: 'object',
    properties: {
      enterpriseName: field('企业名称'),
      liquorTypes: { type: 'array', title: '品种', items: { type: 'string', enum: ['白酒'] } },
    },
    required: ['enterpriseName'],
    additionalProperties: false,
  },
  materials: [
    {
      key: 'food_business',
      name: '食品经营许可证',
      nameEn: 'FB',
      required: true,
      source: { kind: 'licence', licenceType: 'food_business' },
    },
  ],
  promisedDays: 4,
  statutoryDays: 20,
});
const items = new Map([food, fire, liquor].map((i) => [i.id, i]));

const restaurant: BundleDefinition = {
  id: 'open-restaurant',
  name: '开餐馆一件事',
  nameEn: 'Opening a restaurant',
  description: '',
  lifeEvent: 'open_restaurant',
  topics: [],
  steps: [
    { itemId: 'food', after: [] },
    { itemId: 'fire', after: [] },
    { itemId: 'liquor', after: ['food'] },
  ],
  aliases: { fire: { premises: 'businessAddress' } },
  keywords: '',
};

describe('merging a bundle from its items', () => {
  const bundle = mergeBundle(restaurant, items);

  it('makes one form: shared fields once, aliases joined, every field mapped to the item fields it fills', () => {
    expect(Object.keys(bundle.form.properties)).toEqual([
      'enterpriseName',
      'businessAddress',
      'businessType',
      'seats',
      'liquorTypes',
    ]);
    expect(bundle.fieldMap.businessAddress).toEqual([
      { itemId: 'food', field: 'businessAddress' },
      { itemId: 'fire', field: 'premises' },
    ]);
    expect(bundle.fieldMap.enterpriseName).toHaveLength(3);
    // Required if any item requires it; a shared field satisfies the strictest item.
    expect(new Set(bundle.form.required)).toEqual(
      new Set(['enterpriseName', 'businessAddress', 'seats']),
    );
    expect(bundle.form.properties.enterpriseName?.maxLength).toBe(60);
  });

  it('deduplicates materials, and does not ask for a licence an earlier step of the bundle issues', () => {
    expect(bundle.materials.map((m) => [m.key, m.required, m.itemIds])).toEqual([
      ['business_licence', true, ['food', 'fire']],
      ['floor_plan', true, ['food', 'fire']],
    ]);
  });

  it('counts days along the longest chain and takes the least online level', () => {
    expect(bundle.promisedDays).toBe(9); // food 5 → liquor 4, fire 3 in parallel
    expect(bundle.statutoryDays).toBe(40);
    expect(bundle.onlineLevel).toBe('one_visit');
    expect(bundle.audiences).toEqual(['enterprise']);
  });

  it('projects the bundle form onto one item under the item’s own field names', () => {
    const form = {
      enterpriseName: '一城餐饮',
      businessAddress: '南京东路 1 号',
      seats: 40,
      businessType: '单位食堂',
    };
    expect(projectForm(form, bundle.fieldMap, 'fire')).toEqual({
      enterpriseName: '一城餐饮',
      premises: '南京东路 1 号',
      seats: 40,
    });
    expect(projectForm(form, bundle.fieldMap, 'liquor')).toEqual({ enterpriseName: '一城餐饮' });
  });

  it('refuses fields of one name and different types, unknown items and cycles', () => {
    const clash = new Map(items);
    clash.set('fire', {
      ...fire,
      form: {
        ...fire.form,
        properties: { ...fire.form.properties, enterpriseName: { type: 'integer', title: 'x' } },
      },
    });
    expect(() => mergeBundle(restaurant, clash)).toThrow(BundleMergeError);
    expect(() =>
      mergeBundle(
        { ...restaurant, steps: [...restaurant.steps, { itemId: 'ghost', after: [] }] },
        items,
      ),
    ).toThrow(/unknown item ghost/);
    expect(
      stepProblems(
        [
          { itemId: 'a', after: ['b'] },
          { itemId: 'b', after: ['a'] },
        ],
        new Set(['a', 'b']),
      ),
    ).toEqual(['the steps wait for each other in a cycle']);
  });

  it('offers a bundle to an audience only one of its items serves when it says so', () => {
    const founders = { ...restaurant, audiences: ['person' as const] };
    const personal = new Map(items);
    personal.set('food', { ...food, audiences: ['person', 'enterprise'] });
    expect(mergeBundle(founders, personal).audiences).toEqual(['person']);
    expect(() => mergeBundle(founders, items)).toThrow(/no item of the bundle is for person/);
  });

  it('finds the critical path through parallel branches', () => {
    const days: Record<string, number> = { a: 1, b: 5, c: 2, d: 1 };
    expect(
      longestChain(
        [
          { itemId: 'a', after: [] },
          { itemId: 'b', after: ['a'] },
          { itemId: 'c', after: ['a'] },
          { itemId: 'd', after: ['b', 'c'] },
        ],
        (id) => days[id]!,
      ),
    ).toBe(7);
  });
});
