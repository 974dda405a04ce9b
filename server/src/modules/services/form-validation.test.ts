import { describe, expect, it } from 'vitest';
import { FormValidator, languageOf } from './form-validation.ts';
import type { FormSchema } from './service-catalogue.ts';

const schema: FormSchema = {
  type: 'object',
  properties: {
    enterpriseName: { type: 'string', title: '企业名称', minLength: 2, maxLength: 20 },
    phone: { type: 'string', title: '联系电话', pattern: '^1[3-9][0-9]{9}$' },
    seats: { type: 'integer', title: '座位数', minimum: 0 },
    openingDate: { type: 'string', title: '开业日期', format: 'date' },
    liquorTypes: {
      type: 'array',
      title: '品种',
      items: { type: 'string', enum: ['白酒', '啤酒'] },
      minItems: 1,
    },
  },
  required: ['enterpriseName', 'phone', 'seats'],
  additionalProperties: false,
};

describe('form validation against the item’s JSON Schema', () => {
  const forms = new FormValidator();

  it('accepts a valid form', () => {
    expect(
      forms.validate(
        't',
        schema,
        { enterpriseName: '一城餐饮', phone: '13800001234', seats: 40 },
        'zh',
      ),
    ).toEqual([]);
  });

  it('answers one error per field, as JSON pointers into the body, in Chinese by default', () => {
    const errors = forms.validate(
      't',
      schema,
      {
        enterpriseName: 'x',
        seats: '40',
        openingDate: '2026-02-30x',
        liquorTypes: ['红酒'],
        color: 'red',
      },
      'zh',
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { path: '/form/phone', message: '必填' },
        { path: '/form/enterpriseName', message: '至少 2 个字符' },
        { path: '/form/seats', message: '应为整数' },
        { path: '/form/openingDate', message: '格式不正确（应为 date）' },
        { path: '/form/liquorTypes/0', message: '不在可选范围内' },
        { path: '/form/color', message: '不是本表单的字段' },
      ]),
    );
    expect(new Set(errors.map((e) => e.path)).size).toBe(errors.length);
  });

  it('speaks English when asked', () => {
    expect(forms.validate('t', schema, { enterpriseName: '一城餐饮', seats: 1 }, 'en')).toEqual([
      { path: '/form/phone', message: 'is required' },
    ]);
    expect(languageOf('en-GB,en;q=0.9')).toBe('en');
    expect(languageOf('zh-CN')).toBe('zh');
    expect(languageOf(undefined)).toBe('zh');
  });
});
