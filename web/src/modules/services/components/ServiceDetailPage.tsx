import {
  CloudUploadOutlined,
  DatabaseOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Result, Skeleton, Steps, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import {
  getBundle,
  getItem,
  type BundleDetail,
  type ItemDetail,
  type Material,
} from '../api/services-api';
import { OnlineLevelTag } from './ServiceTags';

type Detail = { kind: 'item'; data: ItemDetail } | { kind: 'bundle'; data: BundleDetail };

/** One item or bundle: who handles it, how long it takes, what it needs — and "apply". */
export function ServiceDetailPage({ kind }: { kind: 'item' | 'bundle' }) {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const load = useCallback(
    async (signal: AbortSignal): Promise<Detail> =>
      kind === 'item'
        ? { kind, data: await getItem(id, signal) }
        : { kind, data: await getBundle(id, signal) },
    [kind, id],
  );
  const detail = useAsync(load);
  if (detail.status === 'loading') return <Skeleton active />;
  if (detail.status === 'error')
    return <Result status="warning" subTitle={describe(detail.error)} />;
  const { data } = detail.data;
  const name = (x: { name: string; nameEn: string }) => (locale === 'en-US' ? x.nameEn : x.name);
  const items = detail.data.kind === 'bundle' ? detail.data.data.items : [];

  return (
    <>
      <Card data-testid="service-detail">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {name(data)}
        </Typography.Title>
        <Flex gap={4} wrap>
          <OnlineLevelTag level={data.onlineLevel} />
          {detail.data.kind === 'bundle' ? (
            <Tag color="purple">{t('services.bundle.tag')}</Tag>
          ) : null}
          {data.audiences.map((a) => (
            <Tag key={a}>{t(`services.audience.${a}`)}</Tag>
          ))}
        </Flex>
        {data.description ? (
          <Typography.Paragraph style={{ marginTop: 12 }}>{data.description}</Typography.Paragraph>
        ) : null}
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: 12 }}
          items={[
            ...(detail.data.kind === 'item'
              ? [
                  {
                    key: 'department',
                    label: t('services.detail.department'),
                    children:
                      locale === 'en-US'
                        ? detail.data.data.departmentNameEn
                        : detail.data.data.departmentName,
                  },
                  {
                    key: 'kind',
                    label: t('services.detail.kind'),
                    children: t(`services.kind.${detail.data.data.kind}`),
                  },
                ]
              : []),
            {
              key: 'days',
              label: t('services.detail.days'),
              children: t('services.days', {
                promised: data.promisedDays,
                statutory: data.statutoryDays,
              }),
            },
          ]}
        />
        <Link to={`/portal/apply/${kind}/${id}`}>
          <Button
            type="primary"
            size="large"
            block
            data-testid="apply-button"
            style={{ marginTop: 12 }}
          >
            {t('services.detail.apply')}
          </Button>
        </Link>
      </Card>

      {detail.data.kind === 'bundle' ? (
        <Card title={t('services.detail.steps')}>
          <Steps
            orientation="vertical"
            size="small"
            current={-1}
            items={detail.data.data.steps.map((step) => {
              const item = items.find((i) => i.id === step.itemId);
              const after = step.after
                .map((a) => items.find((i) => i.id === a))
                .filter((i) => i !== undefined)
                .map((i) => name(i));
              return {
                title: item ? name(item) : step.itemId,
                content: (
                  <>
                    {item ? (locale === 'en-US' ? item.departmentNameEn : item.departmentName) : ''}
                    {' · '}
                    {after.length
                      ? t('services.detail.after', { items: after.join('、') })
                      : t('services.detail.parallel')}
                  </>
                ),
              };
            })}
          />
        </Card>
      ) : null}

      <Card title={t('services.detail.materials')}>
        <Flex vertical gap={8}>
          {data.materials.map((m) => (
            <MaterialLine key={m.key} material={m} />
          ))}
          {data.materials.length === 0 ? (
            <Typography.Text type="secondary">{t('services.detail.noMaterials')}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
    </>
  );
}

export function MaterialLine({ material }: { material: Material }) {
  const { t, locale } = useI18n();
  const icon =
    material.source.kind === 'licence' ? (
      <SafetyCertificateOutlined style={{ color: '#52c41a' }} />
    ) : material.source.kind === 'dataset' ? (
      <DatabaseOutlined style={{ color: '#1677ff' }} />
    ) : (
      <CloudUploadOutlined />
    );
  return (
    <Flex gap={8} align="center" wrap>
      {icon}
      <Typography.Text>{locale === 'en-US' ? material.nameEn : material.name}</Typography.Text>
      {material.required ? (
        <Tag color="red">{t('services.material.required')}</Tag>
      ) : (
        <Tag>{t('services.material.optional')}</Tag>
      )}
      <Typography.Text type="secondary">
        {t(`services.material.source.${material.source.kind}`)}
      </Typography.Text>
    </Flex>
  );
}
