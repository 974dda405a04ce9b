import { Progress, Tag } from 'antd';
import { useT } from '../../../shared/i18n/i18n-context';
import type { HealthLevel } from '../api/facilities-api';
import { LEVEL_COLORS } from '../lib/health-chart';

const TAG_COLORS: Readonly<Record<HealthLevel, string>> = {
  good: 'success',
  attention: 'warning',
  poor: 'error',
  unknown: 'default',
};

export function HealthLevelTag({ level }: { level: HealthLevel }) {
  const t = useT();
  return (
    <Tag color={TAG_COLORS[level]} data-testid="health-level">
      {t(`facilities.level.${level}`)}
    </Tag>
  );
}

/** The 0–100 index as a short bar in its level's colour; "—" when there is no score. */
export function ScoreBar({ score, level }: { score: number | null; level: HealthLevel }) {
  if (score === null) return <span>—</span>;
  return (
    <Progress
      percent={Math.round(score * 10) / 10}
      size="small"
      strokeColor={LEVEL_COLORS[level]}
      format={(value) => `${value ?? 0}`}
      style={{ width: 140, margin: 0 }}
    />
  );
}
