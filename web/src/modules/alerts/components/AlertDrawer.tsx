import { Button, Descriptions, Drawer, Flex, Result, Skeleton, Timeline, Typography } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { getRegion } from '../../regions/api/regions-api';
import { useIotCatalog } from '../../iot/hooks/use-iot-catalog';
import { useReasonText } from '../hooks/use-reason-text';
import { formatDateTime } from '../../iot/lib/display';
import { getAccount, getAlert, type Alert } from '../api/alerts-api';
import { useAlertActions } from '../hooks/use-alert-actions';
import { alertDepartmentName } from '../lib/alert-filters';
import { actionsFor, actorsOf, lifecycleOf } from '../lib/alert-lifecycle';
import { AlertStatusTag, SeverityTag } from './AlertTags';

interface AlertDrawerProps {
  alertId: string | undefined;
  onClose: () => void;
  /** Called after any move (or a conflict), so the list behind can refresh too. */
  onChanged: () => void;
}

interface Loaded {
  alert: Alert;
  actorNames: Map<string, string>;
  place: string;
}

async function loadAlert(id: string, signal: AbortSignal): Promise<Loaded> {
  const alert = await getAlert(id, signal);
  const regionId = alert.gridId ?? alert.streetId ?? alert.districtId;
  const [names, place] = await Promise.all([
    Promise.all(
      actorsOf(alert).map((actor) =>
        getAccount(actor, signal).then(
          (account) => [actor, account.displayName] as const,
          // Someone outside the reader's scope stays an id; the alert is still worth showing.
          () => [actor, actor] as const,
        ),
      ),
    ),
    regionId
      ? getRegion(regionId, signal).then(
          (region) =>
            [...region.ancestors.filter((a) => a.level !== 'city'), region]
              .map((r) => r.name)
              .join(' / '),
          () => regionId,
        )
      : Promise.resolve(''),
  ]);
  return { alert, actorNames: new Map(names), place };
}

/** One alert: what happened, where, and its lifecycle — who moved it on, and when. */
export function AlertDrawer({ alertId, onClose, onChanged }: AlertDrawerProps) {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const catalog = useIotCatalog();
  const reasonOf = useReasonText(catalog);
  const load = useCallback(
    (signal: AbortSignal) => (alertId ? loadAlert(alertId, signal) : Promise.resolve(null)),
    [alertId],
  );
  const loaded = useAsync(load);
  const { reload } = loaded;
  const settled = useCallback(() => {
    reload();
    onChanged();
  }, [reload, onChanged]);
  const perform = useAlertActions(settled);

  return (
    <Drawer
      open={alertId !== undefined}
      onClose={onClose}
      size={560}
      title={t('alerts.detail.title')}
      data-testid="alert-drawer"
      destroyOnHidden
    >
      {loaded.status === 'loading' && <Skeleton active paragraph={{ rows: 10 }} />}
      {loaded.status === 'error' && (
        <Result status="warning" title={t('alerts.loadFailed')} subTitle={describe(loaded.error)} />
      )}
      {loaded.status === 'success' && loaded.data && (
        <AlertDetail
          {...loaded.data}
          productLabel={catalog.productLabel}
          reasonOf={reasonOf}
          onAction={(action) =>
            loaded.status === 'success' && loaded.data && perform(loaded.data.alert, action)
          }
          locale={locale}
        />
      )}
    </Drawer>
  );
}

function AlertDetail({
  alert,
  actorNames,
  place,
  productLabel,
  reasonOf,
  onAction,
  locale,
}: Loaded & {
  productLabel: (id: string) => string;
  reasonOf: (alert: { reason: string; productId: string }) => string;
  onAction: (action: 'acknowledge' | 'clear' | 'close') => void;
  locale: 'zh-CN' | 'en-US';
}) {
  const { t } = useI18n();
  const actions = actionsFor(alert.status);
  return (
    <Flex vertical gap={16}>
      <Flex gap={8} align="center" wrap>
        <SeverityTag severity={alert.severity} />
        <AlertStatusTag status={alert.status} />
        <Typography.Title level={5} style={{ margin: 0 }}>
          {alert.ruleName}
        </Typography.Title>
      </Flex>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('alerts.field.reason')}>
          <span data-testid="alert-reason" title={alert.reason}>
            {reasonOf(alert)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.field.device')}>
          <Link to={`/workbench/devices/${alert.deviceId}`}>{alert.deviceName}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.field.product')}>
          {productLabel(alert.productId)}
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.field.department')}>
          <span data-testid="alert-drawer-department">
            {alertDepartmentName(alert, locale) || '—'}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('alerts.field.region')}>{place || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('alerts.field.location')}>
          {alert.location
            ? `${alert.location[0]?.toFixed(6)}, ${alert.location[1]?.toFixed(6)}`
            : '—'}
        </Descriptions.Item>
        {alert.incidentId && (
          <Descriptions.Item label={t('alerts.field.incident')}>
            <Link to={`/workbench/alerts?tab=incidents&incident=${alert.incidentId}`}>
              {alert.incidentId.slice(0, 8)}
            </Link>
          </Descriptions.Item>
        )}
        {alert.note && (
          <Descriptions.Item label={t('alerts.field.note')}>{alert.note}</Descriptions.Item>
        )}
        <Descriptions.Item label={t('alerts.field.version')}>{alert.version}</Descriptions.Item>
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('alerts.detail.lifecycle')}</Typography.Title>
        <Timeline
          data-testid="alert-lifecycle"
          items={lifecycleOf(alert).map((step) => ({
            color: step.done ? (step.step === 'raised' ? 'red' : 'green') : 'gray',
            content: (
              <Flex vertical>
                <Typography.Text strong={step.done} type={step.done ? undefined : 'secondary'}>
                  {t(`alerts.lifecycle.${step.step}`)}
                </Typography.Text>
                {step.done && (
                  <Typography.Text type="secondary">
                    {formatDateTime(step.at, locale)}
                    {' · '}
                    {step.by
                      ? (actorNames.get(step.by) ?? step.by)
                      : t('alerts.lifecycle.bySystem')}
                  </Typography.Text>
                )}
              </Flex>
            ),
          }))}
        />
      </div>
      {actions.length > 0 && (
        <Flex gap={8}>
          {actions.map((action) => (
            <Button
              key={action}
              type={action === 'acknowledge' ? 'primary' : 'default'}
              data-testid={`alert-drawer-${action}`}
              onClick={() => onAction(action)}
            >
              {t(`alerts.action.${action}`)}
            </Button>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
