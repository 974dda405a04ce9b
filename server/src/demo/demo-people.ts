import type { StaffRole } from '../platform/auth/actor.ts';

export const DEMO_PASSWORD = 'OneCity@2026';

export const roleLabels: Record<StaffRole, { zh: string; username: string }> = {
  commander: { zh: '指挥长', username: 'commander' },
  acceptor: { zh: '受理员', username: 'acceptor' },
  dispatcher: { zh: '派遣员', username: 'dispatcher' },
  handler: { zh: '处置员', username: 'handler' },
  grid_worker: { zh: '网格员', username: 'gridworker' },
  reviewer: { zh: '审核员', username: 'reviewer' },
  data_admin: { zh: '数据管理员', username: 'dataadmin' },
  system_admin: { zh: '系统管理员', username: 'sysadmin' },
};

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁沈任姚卢';
const given =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅婷雪慧晨宇浩然子涵欣怡梓轩雨萱俊杰思远佳琪';

/** A deterministic person from an index: Chinese name, valid ID number, mobile number. */
export function demoPerson(index: number, random: () => number, districtCode: string) {
  const pick = (chars: string) => chars[Math.floor(random() * chars.length)] ?? chars[0];
  const name = `${pick(surnames)}${pick(given)}${random() < 0.6 ? pick(given) : ''}`;
  const year = 1950 + Math.floor(random() * 55);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const serial = String(100 + (index % 900)).padStart(3, '0');
  const body = `${districtCode}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${serial}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  const idNumber = `${body}${'10X98765432'[sum % 11]}`;
  const phone = `13${Math.floor(random() * 10)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  return { name, idNumber, phone };
}
