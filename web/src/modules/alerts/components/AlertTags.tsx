import { Tag } from 'antd';
import { useT } from '../../../shared/i18n/i18n-context';
import type { AlertStatus, Severity } from '../api/alerts-api';

const SEVERITY_COLORS: Readonly<Record<Severity, string>> = {
  critical: 'red',
  major: 'volcano',
  minor: 'orange',
  warning: 'gold',
  info: 'blue',
};

const STATUS_COLORS: Readonly<Record<AlertStatus, string>> = {
  active: 'error',
  acknowledged: 'warning',
  cleared: 'success',
  closed: 'default',
};

export function SeverityTag({ severity }: { severity: Severity }) {
  const t = useT();
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`alerts.severity.${severity}`)}</Tag>;
}

export function AlertStatusTag({ status }: { status: AlertStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="alert-status">
      {t(`alerts.status.${status}`)}
    </Tag>
  );
}
