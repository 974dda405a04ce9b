import { describe, expect, it } from 'vitest';
import { fieldsOf, formPayload, placeServerErrors, problemErrors } from './form-schema';

const schema = {
  type: 'object',
  properties: {
    enterpriseName: {
      type: 'string',
      title: '企业名称',
      'x-title-en': 'Enterprise name',
      maxLength: 100,
    },
    businessType: { type: 'string', title: '主体业态', enum: ['餐饮服务经营者', '单位食堂'] },
    businessScope: { type: 'string', title: '经营范围', 'x-widget': 'textarea' },
    openingDate: { type: 'string', title: '开业日期', format: 'date' },
    seats: { type: 'integer', title: '座位数', minimum: 0 },
    floorArea: { type: 'number', title: '面积' },
    liquorTypes: {
      type: 'array',
      title: '品种',
      items: { type: 'string', enum: ['白酒', '啤酒'] },
    },
  },
  required: ['enterpriseName', 'seats'],
  additionalProperties: false,
};

describe('drawing a form from its JSON Schema', () => {
  it('keeps the order, picks a widget per field, labels in the page’s language', () => {
    const fields = fieldsOf(schema, 'zh-CN');
    expect(fields.map((f) => [f.name, f.widget, f.required])).toEqual([
      ['enterpriseName', 'text', true],
      ['businessType', 'select', false],
      ['businessScope', 'textarea', false],
      ['openingDate', 'date', false],
      ['seats', 'integer', true],
      ['floorArea', 'number', false],
      ['liquorTypes', 'multiselect', false],
    ]);
    expect(fields[1]?.options).toEqual(['餐饮服务经营者', '单位食堂']);
    expect(fields[6]?.options).toEqual(['白酒', '啤酒']);
    expect(fields[4]?.min).toBe(0);
    expect(fieldsOf(schema, 'en-US')[0]?.label).toBe('Enterprise name');
    expect(fieldsOf(schema, 'en-US')[1]?.label).toBe('主体业态');
    expect(fieldsOf(null, 'zh-CN')).toEqual([]);
  });

  it('sends what was filled in, trimmed, and nothing empty', () => {
    expect(
      formPayload({ a: ' x ', b: '', c: undefined, d: null, e: [], f: ['啤酒'], g: 0, h: false }),
    ).toEqual({ a: 'x', f: ['啤酒'], g: 0, h: false });
  });

  it('puts the server’s field errors on the fields and the materials', () => {
    const placed = placeServerErrors([
      { path: '/form/creditCode', message: '格式不正确' },
      { path: '/form/liquorTypes/0', message: '不在可选范围内' },
      { path: '/form/liquorTypes/1', message: '不在可选范围内' },
      { path: '/districtId', message: '请选择办理的区' },
      { path: '/materials/floor_plan', message: '缺少必需材料：平面图' },
      { path: '/materials/business_licence/consent', message: '需要您的授权' },
      { path: '/target', message: '?' },
    ]);
    expect(placed.fields).toEqual([
      { name: ['form', 'creditCode'], errors: ['格式不正确'] },
      { name: ['form', 'liquorTypes'], errors: ['不在可选范围内', '不在可选范围内'] },
      { name: ['districtId'], errors: ['请选择办理的区'] },
    ]);
    expect(placed.materials).toEqual({
      floor_plan: '缺少必需材料：平面图',
      business_licence: '需要您的授权',
    });
    expect(placed.other).toEqual(['/target: ?']);
  });

  it('reads errors[] out of a problem document defensively', () => {
    expect(
      problemErrors({ errors: [{ path: '/form/a', message: 'x' }, { path: 1 }, 'junk'] }),
    ).toEqual([{ path: '/form/a', message: 'x' }]);
    expect(problemErrors({})).toEqual([]);
    expect(problemErrors(undefined)).toEqual([]);
  });
});
