import { useMemo } from 'react';
import { useI18n } from '../../../shared/i18n/i18n-context';
import type { MessageKey } from '../../../shared/i18n/messages-zh';
import { rankChildren } from '../lib/choropleth';
import type { Sample } from '../lib/live-series';
import {
  barOption,
  formatCount,
  formatPercent,
  gaugeOption,
  liveLineOption,
  pieOption,
  SCREEN_COLORS,
} from '../lib/panel-options';
import type { ScreenLevel, ScreenOverview } from '../lib/screen-types';
import { ScreenChart } from './ScreenChart';
import { ScreenPanel, ScreenValue } from './ScreenPanel';

type Props = { overview: ScreenOverview };

function useCount() {
  const { locale } = useI18n();
  return (value: number) => formatCount(value, locale);
}

export function DevicesPanel({ overview }: Props) {
  const { t } = useI18n();
  const count = useCount();
  const { devices } = overview;
  const option = useMemo(
    () => gaugeOption(devices.onlineRate, t('screen.value.onlineRate')),
    [devices.onlineRate, t],
  );
  return (
    <ScreenPanel title={t('screen.panel.devices')} testId="screen-panel-devices">
      <ScreenChart option={option} height={220} testId="screen-chart-devices" />
      <div className="onecity-screen-values">
        <ScreenValue
          name="devices-total"
          label={t('screen.value.devicesTotal')}
          value={count(devices.total)}
        />
        <ScreenValue
          name="devices-online"
          label={t('screen.legend.online')}
          value={count(devices.online)}
          tone="ok"
        />
        <ScreenValue
          name="devices-offline"
          label={t('screen.legend.offline')}
          value={count(devices.offline)}
          tone="muted"
        />
        <ScreenValue
          name="devices-alerting"
          label={t('screen.legend.alerting')}
          value={count(devices.alerting)}
          tone="alert"
        />
      </div>
      <span hidden data-testid="screen-value-devices-rate">
        {formatPercent(devices.onlineRate)}
      </span>
    </ScreenPanel>
  );
}

export function ReadingsPanel({ overview, readings }: Props & { readings: readonly Sample[] }) {
  const { t } = useI18n();
  const count = useCount();
  const option = useMemo(
    () => liveLineOption(readings, t('screen.value.readingsUnit')),
    [readings, t],
  );
  return (
    <ScreenPanel
      title={
        <>
          {t('screen.panel.readings')}
          <span className="onecity-screen-card-figure" data-testid="screen-value-readings">
            {count(overview.readingsPerSecond)}
          </span>
          <small>{t('screen.value.readingsUnit')}</small>
        </>
      }
      testId="screen-panel-readings"
      grow={1}
    >
      <ScreenChart option={option} height="fill" testId="screen-chart-readings" />
    </ScreenPanel>
  );
}

export function AlertsPanel({ overview }: Props) {
  const { t } = useI18n();
  const count = useCount();
  const { alerts } = overview;
  const option = useMemo(
    () =>
      barOption(
        alerts.byKind.map((k) => ({ name: k.name, value: k.count })),
        SCREEN_COLORS.alerting,
        7,
      ),
    [alerts.byKind],
  );
  return (
    <ScreenPanel title={t('screen.panel.alerts')} testId="screen-panel-alerts" grow={1.2}>
      <div className="onecity-screen-values">
        <ScreenValue
          name="alerts-active"
          label={t('screen.value.alertsActive')}
          value={count(alerts.active)}
          tone="alert"
        />
        <ScreenValue
          name="alerts-today"
          label={t('screen.value.alertsToday')}
          value={count(alerts.today)}
          tone="warn"
        />
      </div>
      {alerts.byKind.length > 0 ? (
        <ScreenChart option={option} height="fill" testId="screen-chart-alerts" />
      ) : (
        <div className="onecity-screen-empty">{t('screen.empty')}</div>
      )}
    </ScreenPanel>
  );
}

const STAGE_KEYS: Readonly<Record<string, MessageKey>> = {
  collected: 'screen.stage.collected',
  registered: 'screen.stage.registered',
  rejected: 'screen.stage.rejected',
  dispatched: 'screen.stage.dispatched',
  handling: 'screen.stage.handling',
  reported_back: 'screen.stage.reported_back',
  verifying: 'screen.stage.verifying',
  verified: 'screen.stage.verified',
  closed: 'screen.stage.closed',
  merged: 'screen.stage.merged',
};

export function CasesPanel({ overview }: Props) {
  const { t } = useI18n();
  const count = useCount();
  const { cases } = overview;
  const option = useMemo(
    () =>
      pieOption(
        cases.byStage.map((s) => {
          const key = STAGE_KEYS[s.stage];
          return { name: key ? t(key) : s.stage, value: s.count };
        }),
      ),
    [cases.byStage, t],
  );
  return (
    <ScreenPanel title={t('screen.panel.cases')} testId="screen-panel-cases" grow={1.5}>
      <div className="onecity-screen-values">
        <ScreenValue
          name="cases-open"
          label={t('screen.value.casesOpen')}
          value={count(cases.open)}
          tone="warn"
        />
        <ScreenValue
          name="cases-today"
          label={t('screen.value.casesToday')}
          value={count(cases.today)}
        />
        <ScreenValue
          name="cases-closed-today"
          label={t('screen.value.casesClosedToday')}
          value={count(cases.closedToday)}
          tone="ok"
        />
        <ScreenValue
          name="cases-on-time"
          label={t('screen.value.onTimeCloseRate')}
          value={formatPercent(cases.onTimeCloseRate)}
          tone="ok"
        />
      </div>
      {cases.byStage.some((s) => s.count > 0) ? (
        <ScreenChart option={option} height="fill" testId="screen-chart-cases" />
      ) : (
        <div className="onecity-screen-empty">{t('screen.empty')}</div>
      )}
    </ScreenPanel>
  );
}

export function ServicesPanel({ overview }: Props) {
  const { t } = useI18n();
  const count = useCount();
  const { services } = overview;
  return (
    <ScreenPanel title={t('screen.panel.services')} testId="screen-panel-services">
      <div className="onecity-screen-values">
        <ScreenValue
          name="services-applications"
          label={t('screen.value.applicationsToday')}
          value={count(services.applicationsToday)}
        />
        <ScreenValue
          name="services-online-share"
          label={t('screen.value.fullyOnlineShare')}
          value={formatPercent(services.fullyOnlineShare)}
          tone="ok"
        />
      </div>
    </ScreenPanel>
  );
}

export function CitycodePanel({ overview }: Props) {
  const { t } = useI18n();
  const count = useCount();
  const { citycode } = overview;
  const option = useMemo(
    () =>
      barOption(
        citycode.byScene.map((s) => ({ name: s.name, value: s.count })),
        SCREEN_COLORS.accent,
        6,
      ),
    [citycode.byScene],
  );
  return (
    <ScreenPanel
      title={
        <>
          {t('screen.panel.citycode')}
          <span className="onecity-screen-card-figure" data-testid="screen-value-citycode-scans">
            {count(citycode.scansToday)}
          </span>
          <small>{t('screen.value.scansToday')}</small>
        </>
      }
      testId="screen-panel-citycode"
      grow={1}
    >
      {citycode.byScene.length > 0 ? (
        <ScreenChart option={option} height="fill" testId="screen-chart-citycode" />
      ) : (
        <div className="onecity-screen-empty">{t('screen.empty')}</div>
      )}
    </ScreenPanel>
  );
}

export function HotlinePanel({ overview }: Props) {
  const { t } = useI18n();
  const { hotline } = overview;
  const option = useMemo(
    () =>
      barOption(
        (hotline?.topics ?? []).map((x) => ({ name: x.topic, value: x.count })),
        SCREEN_COLORS.warn,
        5,
      ),
    [hotline],
  );
  return (
    <ScreenPanel title={t('screen.panel.hotline')} testId="screen-panel-hotline" grow={0.6}>
      {!hotline ? (
        <div className="onecity-screen-empty" data-testid="screen-hotline-none">
          {t('screen.hotline.none')}
        </div>
      ) : (
        <ScreenChart option={option} height="fill" />
      )}
    </ScreenPanel>
  );
}

const RANKING_TITLE: Readonly<Record<ScreenLevel, MessageKey>> = {
  city: 'screen.panel.ranking.district',
  district: 'screen.panel.ranking.district',
  street: 'screen.panel.ranking.street',
  grid: 'screen.panel.ranking.grid',
};

/** The next level down ranked by open cases; a click drills like a click on the map. */
export function ChildrenRanking({
  overview,
  onDrill,
}: Props & { onDrill: (regionId: string) => void }) {
  const { t } = useI18n();
  const ranked = useMemo(() => rankChildren(overview.children), [overview.children]);
  const most = Math.max(1, ...ranked.map((c) => c.openCases));
  const level = ranked[0]?.level ?? 'district';
  return (
    <ScreenPanel
      title={t(RANKING_TITLE[level])}
      testId="screen-panel-ranking"
      className="onecity-screen-ranking"
    >
      <ol className="onecity-screen-districts" data-testid="screen-districts">
        {ranked.map((child) => {
          const drillable = child.level === 'district' || child.level === 'street';
          return (
            <li key={child.regionId} data-testid="screen-district" data-region-id={child.regionId}>
              <button
                type="button"
                className="onecity-screen-district-name"
                disabled={!drillable}
                onClick={() => onDrill(child.regionId)}
                title={child.name}
              >
                {child.name}
              </button>
              <span className="onecity-screen-bar">
                <span style={{ width: `${(child.openCases / most) * 100}%` }} />
              </span>
              <span className="onecity-screen-count">{child.openCases}</span>
            </li>
          );
        })}
      </ol>
    </ScreenPanel>
  );
}
