import { Breadcrumb, ConfigProvider, Result, Skeleton, theme } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useErrorMessage } from '../../shared/api/use-error-message';
import { useNow } from '../../shared/hooks/use-now';
import { useI18n } from '../../shared/i18n/i18n-context';
import { FaceHeader } from '../../shared/layout/FaceHeader';
import {
  AlertsPanel,
  CasesPanel,
  ChildrenRanking,
  CitycodePanel,
  DevicesPanel,
  HotlinePanel,
  ReadingsPanel,
  ServicesPanel,
} from '../../modules/screen/components/ScreenPanels';
import { ScreenMap } from '../../modules/screen/components/ScreenMap';
import { useScreenCrowd, useScreenDevices } from '../../modules/screen/hooks/use-screen-layers';
import { useScreenLive } from '../../modules/screen/hooks/use-screen-live';
import type { StreamStatus } from '../../modules/screen/lib/screen-stream';
import type { ScreenOverview } from '../../modules/screen/lib/screen-types';
import { regionFromSearch, searchWithRegion } from '../../modules/screen/lib/screen-url';
import { fitStage, STAGE_HEIGHT, STAGE_WIDTH } from '../../modules/screen/lib/stage-fit';
import './screen.css';

declare global {
  interface Window {
    /** performance.now() when the map and its device layer first drew with data. */
    __onecityScreenReady?: number;
  }
}

/** 大屏 (一屏观天下): the city's vital signs, live, on a 1920×1080 stage scaled to the window. */
export function ScreenFace() {
  const [params, setParams] = useSearchParams();
  const regionId = regionFromSearch(params);
  const live = useScreenLive(regionId);
  const overview = live.overview;
  const devices = useScreenDevices(regionId, overview);
  const crowd = useScreenCrowd(regionId, overview);

  const drill = useCallback(
    (id: string | null) =>
      setParams(searchWithRegion(new URLSearchParams(window.location.search), id)),
    [setParams],
  );
  const markReady = useCallback(() => {
    if (window.__onecityScreenReady !== undefined) return;
    window.__onecityScreenReady = performance.now();
    document.body.dataset.screenReady = '1';
  }, []);

  const mapRegion = useMemo(() => {
    if (!overview) return null;
    const { id, level, path } = overview.region;
    // Districts are fetched as one city-wide layer, so a district's outline needs no parent.
    const parentId = level === 'district' || level === 'city' ? null : (path.at(-2)?.id ?? null);
    return { id, level, parentId };
  }, [overview]);

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <Stage>
        <div className="onecity-screen" data-testid="screen" data-region-id={overview?.region.id}>
          <FaceHeader
            face="screen"
            dark
            title={<CityTitle overview={overview} />}
            extra={
              <>
                <ScreenBreadcrumb overview={overview} onDrill={drill} />
                <LiveStatus status={live.status} />
                <Clock />
              </>
            }
          />
          <div className="onecity-screen-body">
            <div className="onecity-screen-column">
              <Panels overview={overview} error={live.error}>
                {(o) => (
                  <>
                    <DevicesPanel overview={o} />
                    <ReadingsPanel overview={o} readings={live.readings} />
                    <AlertsPanel overview={o} />
                  </>
                )}
              </Panels>
            </div>
            <div className="onecity-screen-center">
              <section className="onecity-screen-map">
                <ScreenMap
                  region={mapRegion}
                  childRegions={overview?.children ?? NO_CHILDREN}
                  devices={devices}
                  alerts={live.alerts}
                  crowd={crowd}
                  onDrill={drill}
                  onFirstDraw={markReady}
                />
              </section>
              {overview && <ChildrenRanking overview={overview} onDrill={drill} />}
            </div>
            <div className="onecity-screen-column">
              <Panels overview={overview} error={live.error}>
                {(o) => (
                  <>
                    <CasesPanel overview={o} />
                    <ServicesPanel overview={o} />
                    <CitycodePanel overview={o} />
                    <HotlinePanel overview={o} />
                  </>
                )}
              </Panels>
            </div>
          </div>
        </div>
      </Stage>
    </ConfigProvider>
  );
}

const NO_CHILDREN: never[] = [];

/** The fixed 1920×1080 stage, scaled to fit the window and centred (letterboxed). */
function Stage({ children }: { children: React.ReactNode }) {
  const [fit, setFit] = useState(() => fitStage(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const onResize = () => setFit(fitStage(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return (
    <div className="onecity-screen-stage">
      <div
        className="onecity-screen-scaler"
        style={{
          width: STAGE_WIDTH,
          height: STAGE_HEIGHT,
          transform: `translate(${fit.left}px, ${fit.top}px) scale(${fit.scale})`,
        }}
      >
        {children}
      </div>
    </div>
  );
}

function Panels({
  overview,
  error,
  children,
}: {
  overview: ScreenOverview | null;
  error: unknown;
  children: (overview: ScreenOverview) => React.ReactNode;
}) {
  const { t } = useI18n();
  const describe = useErrorMessage();
  if (overview) return children(overview);
  if (error) {
    return <Result status="warning" title={t('screen.loadFailed')} subTitle={describe(error)} />;
  }
  return <Skeleton active paragraph={{ rows: 14 }} />;
}

function CityTitle({ overview }: { overview: ScreenOverview | null }) {
  const { t } = useI18n();
  const city = overview?.region.path[0]?.name ?? overview?.region.name;
  return (
    <span className="onecity-screen-title">
      {city ? t('screen.cityTitle', { city }) : t('face.screen.title')}
    </span>
  );
}

function ScreenBreadcrumb({
  overview,
  onDrill,
}: {
  overview: ScreenOverview | null;
  onDrill: (id: string | null) => void;
}) {
  const path = overview?.region.path ?? [];
  return (
    <Breadcrumb
      className="onecity-screen-breadcrumb"
      data-testid="screen-breadcrumb"
      items={path.map((region, index) => {
        const last = index === path.length - 1;
        return {
          key: region.id,
          title: last ? (
            <span data-testid="screen-breadcrumb-current">{region.name}</span>
          ) : (
            <a
              data-testid={`screen-crumb-${region.level}`}
              onClick={(event) => {
                event.preventDefault();
                onDrill(index === 0 ? null : region.id);
              }}
              href={index === 0 ? '/screen' : `/screen?region=${encodeURIComponent(region.id)}`}
            >
              {region.name}
            </a>
          ),
        };
      })}
    />
  );
}

function LiveStatus({ status }: { status: StreamStatus }) {
  const { t } = useI18n();
  return (
    <span
      className={`onecity-screen-live onecity-screen-live-${status}`}
      data-testid="screen-live"
      data-status={status}
    >
      <span className="onecity-screen-live-dot" />
      {t(`screen.live.${status}`)}
    </span>
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
