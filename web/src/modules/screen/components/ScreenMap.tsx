import 'maplibre-gl/dist/maplibre-gl.css';
import { Alert } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useT } from '../../../shared/i18n/i18n-context';
import { crowdToGeoJson } from '../lib/crowd-cells';
import { packDevices } from '../lib/device-buffer';
import type {
  ScreenAlert,
  ScreenChild,
  ScreenCrowd,
  ScreenDeviceColumns,
  ScreenLevel,
} from '../lib/screen-types';
import { ScreenMapController } from './screen-map-controller';

export interface ScreenMapProps {
  region: { id: string; level: ScreenLevel; parentId: string | null } | null;
  /** Only children of `region`: the caller drops a previous region's list. */
  childRegions: readonly ScreenChild[];
  devices: ScreenDeviceColumns | null;
  alerts: readonly ScreenAlert[];
  crowd: ScreenCrowd | null;
  onDrill(regionId: string): void;
  onFirstDraw(): void;
}

/** Mounts the screen's MapLibre map once and hands it each layer's data as it changes. */
export function ScreenMap({
  region,
  childRegions,
  devices,
  alerts,
  crowd,
  onDrill,
  onFirstDraw,
}: ScreenMapProps) {
  const t = useT();
  const describe = useErrorMessage();
  const containerRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<ScreenMapController | null>(null);
  const callbacksRef = useRef({ onDrill, onFirstDraw });
  const [drawnChildren, setDrawnChildren] = useState(0);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    callbacksRef.current = { onDrill, onFirstDraw };
  }, [onDrill, onFirstDraw]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const callbacks = {
      onDrill: (id: string) => callbacksRef.current.onDrill(id),
      onFirstDraw: () => callbacksRef.current.onFirstDraw(),
      onDrawnChildren: setDrawnChildren,
      onError: setFailure,
    };
    let controller: ScreenMapController;
    try {
      controller = new ScreenMapController(container, callbacks);
    } catch (error) {
      // MapLibre throws right away when the browser has no WebGL.
      callbacks.onError(error);
      return;
    }
    // Set before the effects below run: effects of one commit run in declaration order.
    controllerRef.current = controller;
    return () => {
      controllerRef.current = null;
      controller.destroy();
    };
  }, []);

  const regionKey = region ? `${region.id}|${region.level}|${region.parentId ?? ''}` : null;
  useEffect(() => {
    if (!region) return;
    controllerRef.current?.showRegion(region).catch(setFailure);
    // regionKey stands for region's fields: a new object with the same values is no change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [regionKey]);

  useEffect(() => {
    controllerRef.current?.setChildren(childRegions);
  }, [childRegions]);

  const deviceBuffer = useMemo(() => (devices ? packDevices(devices) : null), [devices]);
  useEffect(() => {
    if (deviceBuffer) {
      controllerRef.current?.setDevices(deviceBuffer).catch(setFailure);
    }
  }, [deviceBuffer]);

  useEffect(() => {
    controllerRef.current?.setAlerts(alerts).catch(setFailure);
  }, [alerts]);

  useEffect(() => {
    if (crowd) controllerRef.current?.setCrowd(crowdToGeoJson(crowd)).catch(setFailure);
  }, [crowd]);

  return (
    <div className="onecity-screen-mapbox">
      <div
        ref={containerRef}
        data-testid="city-map"
        data-feature-count={drawnChildren}
        data-device-count={deviceBuffer?.count ?? 0}
        data-alert-count={alerts.length}
        style={{ position: 'absolute', inset: 0 }}
      />
      <div className="onecity-screen-legend">
        <span className="dot online" />
        {t('screen.legend.online')}
        <span className="dot offline" />
        {t('screen.legend.offline')}
        <span className="dot alerting" />
        {t('screen.legend.alerting')}
        <span className="hex" />
        {t('screen.legend.crowd')}
      </div>
      {failure !== null && (
        <Alert
          className="onecity-screen-map-alert"
          type="error"
          showIcon
          title={t('map.failed')}
          description={describe(failure)}
          closable={{ onClose: () => setFailure(null) }}
        />
      )}
    </div>
  );
}
