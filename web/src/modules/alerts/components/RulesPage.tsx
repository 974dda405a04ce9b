import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Flex,
  Popconfirm,
  Result,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useCallback, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import { useDeviceNames } from '../../iot/hooks/use-device-names';
import { useIotCatalog } from '../../iot/hooks/use-iot-catalog';
import { useRegionNames } from '../../iot/hooks/use-region-names';
import { formatDateTime } from '../../iot/lib/display';
import { deleteRule, listRules, updateRule, type Rule, type Severity } from '../api/alerts-api';
import { conflictOf } from '../lib/alert-lifecycle';
import { describeCondition, isCondition } from '../lib/condition-draft';
import { ruleToBody, scopeOf } from '../lib/rule-form';
import { SeverityTag } from './AlertTags';
import { RuleEditorDrawer } from './RuleEditorDrawer';

const loadRules = (signal: AbortSignal) => listRules(signal).then((list) => list.items);

/** 告警规则: what raises alerts, where, and how severe. */
export function RulesPage() {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const { message } = App.useApp();
  const catalog = useIotCatalog();
  const regionName = useRegionNames();
  const rules = useAsync(loadRules);
  const { reload } = rules;
  const deviceName = useDeviceNames(
    rules.status === 'success'
      ? rules.data.flatMap((rule) => (rule.deviceId ? [rule.deviceId] : []))
      : [],
  );
  const [editing, setEditing] = useState<{ rule: Rule | null } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const failed = useCallback(
    (error: unknown) => {
      if (conflictOf(error)) void message.warning({ content: t('rules.conflict'), duration: 8 });
      else void message.error(describe(error));
      reload();
    },
    [message, t, describe, reload],
  );

  const toggle = async (rule: Rule, enabled: boolean) => {
    const body = ruleToBody(rule, { enabled });
    if (!body) {
      void message.error(t('rules.unreadableCondition'));
      return;
    }
    setBusy(rule.id);
    try {
      await updateRule(rule.id, rule.version, body);
      void message.success(enabled ? t('rules.enabledDone') : t('rules.disabledDone'));
      reload();
    } catch (error) {
      failed(error);
    } finally {
      setBusy(null);
    }
  };

  const remove = async (rule: Rule) => {
    try {
      await deleteRule(rule.id);
      void message.success(t('rules.deleted'));
      reload();
    } catch (error) {
      failed(error);
    }
  };

  const columns: TableColumnsType<Rule> = [
    {
      title: t('rules.field.name'),
      dataIndex: 'name',
      render: (name: string, rule) => (
        <Flex vertical>
          <Typography.Link data-testid="rule-edit" onClick={() => setEditing({ rule })}>
            {name}
          </Typography.Link>
          {rule.description && (
            <Typography.Text type="secondary" ellipsis style={{ maxWidth: 280 }}>
              {rule.description}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: t('alerts.field.severity'),
      dataIndex: 'severity',
      width: 90,
      render: (severity: Severity) => <SeverityTag severity={severity} />,
    },
    {
      title: t('rules.scope.title'),
      key: 'scope',
      render: (_, rule) =>
        scopeOf(rule).map((part) => (
          <Tag key={part.kind}>
            {t(`rules.scope.${part.kind}`)}:{' '}
            {part.kind === 'product'
              ? catalog.productLabel(part.id)
              : part.kind === 'region'
                ? regionName(part.id)
                : part.kind === 'device'
                  ? deviceName(part.id)
                  : part.id}
          </Tag>
        )),
    },
    {
      title: t('rules.condition.title'),
      dataIndex: 'condition',
      render: (condition: unknown) =>
        isCondition(condition) ? (
          <Typography.Text code>{describeCondition(condition)}</Typography.Text>
        ) : (
          <Typography.Text type="danger">{t('rules.unreadableCondition')}</Typography.Text>
        ),
    },
    {
      title: t('rules.field.enabled'),
      dataIndex: 'enabled',
      width: 80,
      render: (enabled: boolean, rule) => (
        <Switch
          size="small"
          data-testid="rule-enabled"
          checked={enabled}
          loading={busy === rule.id}
          onChange={(next) => void toggle(rule, next)}
        />
      ),
    },
    {
      title: t('rules.field.updatedAt'),
      dataIndex: 'updatedAt',
      width: 170,
      render: (at: string) => formatDateTime(at, locale),
    },
    {
      title: t('alerts.field.actions'),
      key: 'actions',
      width: 130,
      render: (_, rule) => (
        <Flex gap={4}>
          <Button size="small" type="link" onClick={() => setEditing({ rule })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('rules.deleteConfirm', { name: rule.name })}
            description={t('rules.deleteHint')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(rule)}
          >
            <Button size="small" type="link" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Flex>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('rules.title')}
      data-testid="rules-page"
      extra={
        <Flex gap={8}>
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="rule-create"
            onClick={() => setEditing({ rule: null })}
          >
            {t('rules.create')}
          </Button>
        </Flex>
      }
    >
      {rules.status === 'error' ? (
        <Result
          status="warning"
          title={t('rules.loadFailed')}
          subTitle={describe(rules.error)}
          extra={<Button onClick={reload}>{t('common.retry')}</Button>}
        />
      ) : (
        <Table<Rule>
          data-testid="rules-table"
          rowKey="id"
          size="small"
          loading={rules.status === 'loading'}
          columns={columns}
          dataSource={rules.status === 'success' ? rules.data : []}
          locale={{ emptyText: t('rules.none') }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
        />
      )}
      <RuleEditorDrawer
        open={editing !== null}
        rule={editing?.rule ?? null}
        onClose={() => setEditing(null)}
        onSaved={reload}
      />
    </Card>
  );
}
