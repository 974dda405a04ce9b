import { AppstoreOutlined, FileDoneOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Result, Skeleton, Tag, Typography } from 'antd';
import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useAccount } from '../../../shared/auth/auth-context';
import { useAsync } from '../../../shared/hooks/use-async';
import { useI18n } from '../../../shared/i18n/i18n-context';
import {
  getCatalogueFigures,
  getTaxonomy,
  searchBundles,
  searchItems,
  type BundleSummary,
  type ItemSummary,
} from '../api/services-api';
import { OnlineLevelTag } from './ServiceTags';

/**
 * 办事服务: search the catalogue, browse by life event or topic, and the 一件事 bundles.
 * The search and the chosen event live in the URL, so the back button works on a phone.
 */
export function ServicesHomePage() {
  const { t, locale } = useI18n();
  const describe = useErrorMessage();
  const account = useAccount();
  const audience = account.kind === 'enterprise' ? 'enterprise' : 'person';
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const lifeEvent = params.get('lifeEvent') ?? '';
  const topic = params.get('topic') ?? '';
  const browsing = Boolean(q || lifeEvent || topic);

  const loadTaxonomy = useCallback(
    (signal: AbortSignal) =>
      Promise.all([getTaxonomy(signal), getCatalogueFigures(signal)]).then(
        ([taxonomy, figures]) => ({
          taxonomy,
          figures,
        }),
      ),
    [],
  );
  const overview = useAsync(loadTaxonomy);
  const loadResults = useCallback(
    async (signal: AbortSignal) => {
      if (!browsing) return null;
      const [items, bundles] = await Promise.all([
        searchItems(
          {
            ...(q ? { q } : {}),
            ...(lifeEvent ? { lifeEvent } : {}),
            ...(topic ? { topic } : {}),
            limit: 100,
            offset: 0,
          },
          signal,
        ),
        topic
          ? Promise.resolve({ items: [] as BundleSummary[] })
          : searchBundles({ ...(q ? { q } : {}), ...(lifeEvent ? { lifeEvent } : {}) }, signal),
      ]);
      return { items: items.items, total: items.total, bundles: bundles.items };
    },
    [browsing, q, lifeEvent, topic],
  );
  const results = useAsync(loadResults);
  const name = (x: { name: string; nameEn: string }) => (locale === 'en-US' ? x.nameEn : x.name);
  const set = (next: Record<string, string>) => setParams(next);

  return (
    <>
      <Card data-testid="services-home">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('services.home.title')}
        </Typography.Title>
        <Input.Search
          data-testid="services-search"
          allowClear
          enterButton
          size="large"
          defaultValue={q}
          key={q}
          placeholder={t('services.home.searchPlaceholder')}
          onSearch={(value) => set(value.trim() ? { q: value.trim() } : {})}
        />
        {overview.status === 'success' ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('services.home.figures', {
              items: overview.data.figures.items,
              online: Math.round(overview.data.figures.fullOnlineShare * 1000) / 10,
              oneVisit: Math.round(overview.data.figures.atMostOneVisitShare * 1000) / 10,
            })}
          </Typography.Paragraph>
        ) : null}
        <Flex gap={8} wrap style={{ marginTop: 12 }}>
          <Link to="/portal/applications">
            <Button icon={<FileDoneOutlined />}>{t('services.nav.applications')}</Button>
          </Link>
          <Link to="/portal/licences">
            <Button icon={<SafetyCertificateOutlined />}>{t('services.nav.licences')}</Button>
          </Link>
        </Flex>
      </Card>

      {browsing ? (
        <Card
          title={q ? t('services.home.resultsFor', { q }) : t('services.home.browse')}
          extra={<Button onClick={() => set({})}>{t('services.home.clear')}</Button>}
        >
          {results.status === 'loading' ? <Skeleton active /> : null}
          {results.status === 'error' ? (
            <Result status="warning" subTitle={describe(results.error)} />
          ) : null}
          {results.status === 'success' && results.data ? (
            <>
              {results.data.bundles.map((b) => (
                <BundleCard key={b.id} bundle={b} name={name(b)} />
              ))}
              <Flex vertical gap={8} data-testid="services-results">
                {results.data.items.map((item) => (
                  <ItemRow key={item.id} item={item} name={name(item)} />
                ))}
                {results.data.items.length === 0 && results.data.bundles.length === 0 ? (
                  <Empty description={t('services.home.noResults')} />
                ) : null}
              </Flex>
            </>
          ) : null}
        </Card>
      ) : null}

      {!browsing && overview.status === 'success' ? (
        <>
          <Card title={t('services.home.bundles')} data-testid="services-bundles">
            <BundleList audience={audience} name={name} />
          </Card>
          <Card title={t('services.home.lifeEvents')}>
            <Flex gap={8} wrap>
              {overview.data.taxonomy.lifeEvents
                .filter((e) => e.items > 0)
                .sort((a, b) => Number(b.audience === audience) - Number(a.audience === audience))
                .map((e) => (
                  <Button
                    key={e.id}
                    data-testid={`life-event-${e.id}`}
                    type={e.audience === audience ? 'default' : 'dashed'}
                    onClick={() => set({ lifeEvent: e.id })}
                  >
                    {name(e)} <Typography.Text type="secondary">{e.items}</Typography.Text>
                  </Button>
                ))}
            </Flex>
          </Card>
          <Card title={t('services.home.topics')}>
            <Flex gap={8} wrap>
              {overview.data.taxonomy.topics
                .filter((x) => x.items > 0)
                .map((x) => (
                  <Tag.CheckableTag
                    key={x.id}
                    checked={false}
                    onChange={() => set({ topic: x.id })}
                  >
                    {name(x)} ({x.items})
                  </Tag.CheckableTag>
                ))}
            </Flex>
          </Card>
        </>
      ) : null}
      {!browsing && overview.status === 'loading' ? <Skeleton active /> : null}
      {overview.status === 'error' ? (
        <Result status="warning" subTitle={describe(overview.error)} />
      ) : null}
    </>
  );
}

function BundleList({
  audience,
  name,
}: {
  audience: string;
  name: (x: { name: string; nameEn: string }) => string;
}) {
  const load = useCallback((signal: AbortSignal) => searchBundles({}, signal), []);
  const bundles = useAsync(load);
  if (bundles.status !== 'success') return <Skeleton active />;
  const sorted = [...bundles.data.items].sort(
    (a, b) =>
      Number(b.audiences.includes(audience as never)) -
      Number(a.audiences.includes(audience as never)),
  );
  return (
    <>
      {sorted.map((b) => (
        <BundleCard key={b.id} bundle={b} name={name(b)} />
      ))}
    </>
  );
}

function BundleCard({ bundle, name }: { bundle: BundleSummary; name: string }) {
  const { t } = useI18n();
  return (
    <Link to={`/portal/services/bundles/${bundle.id}`} data-testid={`bundle-${bundle.id}`}>
      <Card size="small" hoverable style={{ marginBottom: 8 }}>
        <Flex justify="space-between" align="center" gap={8}>
          <Typography.Text strong>
            <AppstoreOutlined /> {name}
          </Typography.Text>
          <OnlineLevelTag level={bundle.onlineLevel} />
        </Flex>
        <Typography.Text type="secondary">
          {t('services.bundle.summary', {
            items: bundle.itemIds.length,
            promised: bundle.promisedDays,
            statutory: bundle.statutoryDays,
          })}
        </Typography.Text>
      </Card>
    </Link>
  );
}

function ItemRow({ item, name }: { item: ItemSummary; name: string }) {
  const { t, locale } = useI18n();
  return (
    <Link to={`/portal/services/items/${item.id}`} data-testid={`item-${item.id}`}>
      <Card size="small" hoverable>
        <Typography.Text strong>{name}</Typography.Text>
        <Flex gap={4} wrap align="center" style={{ marginTop: 4 }}>
          <Typography.Text type="secondary">
            {locale === 'en-US' ? item.departmentNameEn : item.departmentName}
          </Typography.Text>
          <OnlineLevelTag level={item.onlineLevel} />
          <Typography.Text type="secondary">
            {t('services.days', { promised: item.promisedDays, statutory: item.statutoryDays })}
          </Typography.Text>
        </Flex>
      </Card>
    </Link>
  );
}
