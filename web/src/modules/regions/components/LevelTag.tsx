import { Tag } from 'antd';
import type { RegionLevel } from '../../../shared/api/types';
import { useT } from '../../../shared/i18n/i18n-context';

const COLORS: Readonly<Record<RegionLevel, string>> = {
  city: 'red',
  district: 'blue',
  street: 'cyan',
  grid: 'orange',
};

export function LevelTag({ level }: { level: RegionLevel }) {
  const t = useT();
  return <Tag color={COLORS[level]}>{t(`region.level.${level}`)}</Tag>;
}
