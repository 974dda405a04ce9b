import { Badge } from 'antd';
import { useT } from '../../../shared/i18n/i18n-context';

export function OnlineBadge({ online }: { online: boolean }) {
  const t = useT();
  return (
    <Badge
      status={online ? 'success' : 'default'}
      text={online ? t('iot.status.online') : t('iot.status.offline')}
    />
  );
}
