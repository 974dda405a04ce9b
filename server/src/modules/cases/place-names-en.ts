/**
 * English names of the demo city's districts (Shanghai, GB/T 2260 codes), for the English
 * switch. The regions module keeps the official Chinese names only; streets (街道/镇) and
 * grids (居委会/村) are proper names without an official English form, so they stay Chinese.
 */
export const districtNamesEn: Readonly<Record<string, string>> = {
  '310101': 'Huangpu District',
  '310104': 'Xuhui District',
  '310105': 'Changning District',
  '310106': "Jing'an District",
  '310107': 'Putuo District',
  '310109': 'Hongkou District',
  '310110': 'Yangpu District',
  '310112': 'Minhang District',
  '310113': 'Baoshan District',
  '310114': 'Jiading District',
  '310115': 'Pudong New Area',
  '310116': 'Jinshan District',
  '310117': 'Songjiang District',
  '310118': 'Qingpu District',
  '310120': 'Fengxian District',
  '310151': 'Chongming District',
};

export function districtNameEn(districtId: string): string | null {
  return districtNamesEn[districtId] ?? null;
}
