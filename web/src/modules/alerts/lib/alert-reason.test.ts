import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../../shared/i18n/translate';
import { parseReason, propertyLabels, reasonText } from './alert-reason';

const billboard = [
  { key: 'tiltX', name: 'X 轴倾角', unit: '°' },
  { key: 'level', name: '水位', unit: 'm' },
  { key: 'open', name: '开启' },
];
const zh = createTranslator('zh-CN');
const en = createTranslator('en-US');

describe('alert reasons', () => {
  it('read back what the rule engine wrote', () => {
    expect(parseReason('tiltX 8.5 > 5 for 130 s; no pressure for 900 s')).toEqual([
      { kind: 'threshold', key: 'tiltX', value: '8.5', op: '>', threshold: '5', seconds: '130' },
      { kind: 'noData', key: 'pressure', seconds: '900' },
    ]);
    expect(parseReason('level changes 0.6/min >= 0.5/min')).toEqual([
      { kind: 'rate', key: 'level', rate: '0.6', op: '>=', perMinute: '0.5' },
    ]);
    expect(parseReason('no data for 60 s')).toEqual([{ kind: 'noData', key: null, seconds: '60' }]);
  });

  it('name the property with its unit in Chinese, instead of "tiltX 99 > 5"', () => {
    const label = propertyLabels(billboard, true);
    expect(reasonText('tiltX 99 > 5', zh, label)).toBe('X 轴倾角 99 ° > 5 °');
    expect(reasonText('tiltX 8.5 > 5 for 130 s', zh, label)).toBe(
      'X 轴倾角 8.5 ° > 5 °，已持续 130 秒',
    );
    expect(reasonText('open true == true', zh, label)).toBe('开启 true == true');
    expect(reasonText('level changes 0.6/min > 0.5/min', zh, label)).toBe(
      '水位 每分钟变化 0.6 > 0.5',
    );
    expect(reasonText('no level for 900 s; no data for 60 s', zh, label)).toBe(
      '水位 已 900 秒无数据; 设备已 60 秒无数据',
    );
  });

  it('keep the key in English (property names are Chinese only), with the unit', () => {
    const label = propertyLabels(billboard, false);
    expect(reasonText('tiltX 8.5 > 5 for 130 s', en, label)).toBe('tiltX 8.5 ° > 5 ° for 130 s');
    expect(reasonText('no level for 900 s', en, label)).toBe('no level for 900 s');
  });

  it('show what they do not recognise as it came', () => {
    const label = propertyLabels(billboard, true);
    expect(reasonText('something else entirely', zh, label)).toBe('something else entirely');
    expect(reasonText('wind 12 > 10', zh, label)).toBe('wind 12 > 10');
  });
});
