import { ConfigProvider, Flex, Result, Skeleton, Statistic, theme } from 'antd';
import { useErrorMessage } from '../../shared/api/use-error-message';
import { useAsync, type AsyncResult } from '../../shared/hooks/use-async';
import { useNow } from '../../shared/hooks/use-now';
import { useI18n } from '../../shared/i18n/i18n-context';
import { FaceHeader } from '../../shared/layout/FaceHeader';
import { CityMap } from '../../modules/regions/components/CityMap';
import { loadScreenOverview, type ScreenOverview } from './screen-overview';
import './screen.css';

/** 大屏: the dark 16:9 operations screen. Every number on it comes from the API. */
export function ScreenFace() {
  const { t } = useI18n();
  const overview = useAsync(loadScreenOverview);
  const cityName = overview.status === 'success' ? overview.data.cityName : null;
  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <div className="onecity-screen-stage">
        <div className="onecity-screen" data-testid="screen">
          <FaceHeader
            face="screen"
            dark
            title={cityName ? t('screen.cityTitle', { city: cityName }) : undefined}
            extra={<Clock />}
          />
          <div className="onecity-screen-body">
            <aside className="onecity-screen-panel">
              <SidePanel overview={overview} />
            </aside>
            <section className="onecity-screen-map">
              <CityMap theme="dark" showBreadcrumb={false} />
            </section>
          </div>
        </div>
      </div>
    </ConfigProvider>
  );
}

function SidePanel({ overview }: { overview: AsyncResult<ScreenOverview> }) {
  const { t } = useI18n();
  const describe = useErrorMessage();
  if (overview.status === 'loading') return <Skeleton active paragraph={{ rows: 12 }} />;
  if (overview.status === 'error') {
    return (
      <Result status="warning" title={t('screen.loadFailed')} subTitle={describe(overview.error)} />
    );
  }
  const { districts, streetTotal, gridTotal } = overview.data;
  const most = Math.max(1, ...districts.map((d) => d.childCount));
  return (
    <Flex vertical gap={16} style={{ height: '100%' }}>
      <Flex gap={12} className="onecity-screen-stats">
        <Statistic title={t('screen.stat.districts')} value={districts.length} />
        <Statistic title={t('screen.stat.streets')} value={streetTotal} />
        <Statistic title={t('screen.stat.grids')} value={gridTotal} />
      </Flex>
      <h3 className="onecity-screen-panel-title">{t('screen.districtList')}</h3>
      <ol className="onecity-screen-districts" data-testid="screen-districts">
        {districts.map((district) => (
          <li key={district.id} data-testid="screen-district">
            <span className="onecity-screen-district-name">{district.name}</span>
            <span className="onecity-screen-bar">
              <span style={{ width: `${(district.childCount / most) * 100}%` }} />
            </span>
            <span className="onecity-screen-count">
              {t('screen.streetCount', { count: district.childCount })}
            </span>
          </li>
        ))}
      </ol>
    </Flex>
  );
}

function Clock() {
  const { locale } = useI18n();
  const now = useNow(1000);
  // Staff read city time whatever the browser's own zone is.
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(now);
  return <span className="onecity-screen-clock">{text}</span>;
}
