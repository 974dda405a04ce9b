import type { Evaluation, EvaluationRow } from './case-evaluation.service.ts';

const groupHeader = { department: '部门', region: '区域', period: '时段' } as const;

type Column = [header: string, cell: (row: EvaluationRow) => string];

const count = (pick: (row: EvaluationRow) => number) => (row: EvaluationRow) => String(pick(row));
/** Rates as percentages, which Excel reads as numbers: 0.6667 → "66.67%". */
const percent = (pick: (row: EvaluationRow) => number | null) => (row: EvaluationRow) => {
  const value = pick(row);
  return value === null ? '' : `${(Math.round(value * 10_000) / 100).toFixed(2)}%`;
};
const decimal = (pick: (row: EvaluationRow) => number | null) => (row: EvaluationRow) => {
  const value = pick(row);
  return value === null ? '' : value.toFixed(2);
};

const columns: Column[] = [
  ['受理数', count((r) => r.received)],
  ['立案数', count((r) => r.registered)],
  ['立案率', percent((r) => r.registrationRate)],
  ['结案数', count((r) => r.closed)],
  ['结案率', percent((r) => r.closureRate)],
  ['按期结案数', count((r) => r.closedOnTime)],
  ['按期结案率', percent((r) => r.onTimeClosureRate)],
  ['处置数', count((r) => r.handled)],
  ['返工数', count((r) => r.rework)],
  ['返工率', percent((r) => r.reworkRate)],
  ['一次完成数', count((r) => r.firstTimeClosed)],
  ['一次完成率', percent((r) => r.firstTimeRate)],
  ['平均处置时长(小时)', decimal((r) => r.avgHandleHours)],
  ['平均结案时长(小时)', decimal((r) => r.avgCloseHours)],
];

/**
 * The evaluation as CSV for Excel: UTF-8 with a byte-order mark (without it Excel reads the
 * Chinese headers as GBK), CRLF line ends, one line per group and a last line 合计.
 */
export function evaluationCsv(evaluation: Evaluation): string {
  const header = [groupHeader[evaluation.groupBy], '编码', ...columns.map(([h]) => h)];
  const line = (row: EvaluationRow) => [row.name, row.key, ...columns.map(([, cell]) => cell(row))];
  const lines = [header, ...evaluation.rows.map(line), line(evaluation.total)];
  return `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function csvCell(value: string): string {
  // A leading =, +, - or @ would make Excel evaluate the cell as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** `case-evaluation-region-310101-20260301-20260331.csv` (ASCII, for Content-Disposition). */
export function evaluationFileName(evaluation: Evaluation): string {
  const day = (d: Date) =>
    new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  const lastDay = new Date(evaluation.to.getTime() - 1);
  return `case-evaluation-${evaluation.groupBy}-${evaluation.region.id}-${day(evaluation.from)}-${day(lastDay)}.csv`;
}
