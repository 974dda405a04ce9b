/**
 * Readable case numbers: `<district>-<local date>-<daily serial>`, e.g. `HP-20261122-000123`
 * for the 123rd case of 22 November 2026 in 黄浦区. The prefix is the district's usual
 * pinyin abbreviation; unknown districts use their GB/T 2260 code.
 */
const districtPrefixes: Record<string, string> = {
  '310101': 'HP', // 黄浦
  '310104': 'XH', // 徐汇
  '310105': 'CN', // 长宁
  '310106': 'JA', // 静安
  '310107': 'PT', // 普陀
  '310109': 'HK', // 虹口
  '310110': 'YP', // 杨浦
  '310112': 'MH', // 闵行
  '310113': 'BS', // 宝山
  '310114': 'JD', // 嘉定
  '310115': 'PD', // 浦东新区
  '310116': 'JS', // 金山
  '310117': 'SJ', // 松江
  '310118': 'QP', // 青浦
  '310120': 'FX', // 奉贤
  '310151': 'CM', // 崇明
};

export function districtPrefix(districtId: string): string {
  return districtPrefixes[districtId] ?? districtId;
}

/** The sequence a number is drawn from: one per district and local day. */
export function numberScope(districtId: string, localDate: string): string {
  return `${districtId}:${localDate}`;
}

export function formatCaseNumber(districtId: string, localDate: string, serial: number): string {
  return `${districtPrefix(districtId)}-${localDate.replace(/-/g, '')}-${String(serial).padStart(6, '0')}`;
}
