import { describe, expect, it } from 'vitest';
import { sceneName, sceneNamer } from './scene-name';

const clinic = {
  id: 'clinic-ruijin',
  name: '瑞金医院门诊挂号',
  nameEn: 'Ruijin Hospital outpatient',
};
const pool = { id: 'pool-oriental', name: '东方体育中心游泳馆', nameEn: null };

describe('scene names in the UI language', () => {
  it('uses the English name under English, the Chinese one otherwise or when there is none', () => {
    expect(sceneName(clinic, 'en-US')).toBe('Ruijin Hospital outpatient');
    expect(sceneName(clinic, 'zh-CN')).toBe('瑞金医院门诊挂号');
    expect(sceneName(pool, 'en-US')).toBe('东方体育中心游泳馆');
    expect(sceneName({ name: '停车场', nameEn: '  ' }, 'en-US')).toBe('停车场');
  });

  it('names a scene known only by its id from the scene list, else by what the answer said', () => {
    const name = sceneNamer([clinic, pool], 'en-US');
    expect(name('clinic-ruijin', '瑞金医院门诊挂号')).toBe('Ruijin Hospital outpatient');
    expect(name('venue-expo', '国家会展中心入馆')).toBe('国家会展中心入馆');
    expect(name('venue-expo')).toBe('venue-expo');
  });
});
