import 'maplibre-gl/dist/maplibre-gl.css';
import '../../regions/components/city-map.css';
import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useT } from '../../../shared/i18n/i18n-context';
import type { DevicePoints } from '../lib/device-map';
import { DeviceMapController } from './device-map-controller';

export interface DeviceMapProps {
  points: DevicePoints;
  onOpen: (deviceId: string) => void;
}

/**
 * Devices as dots over the district map: green online, grey offline. Built like <CityMap>
 * (our own polygons, no outside tiles); it is a map of its own because <CityMap> offers no
 * way to add a layer on top of its drill-down.
 */
export function DeviceMap({ points, onOpen }: DeviceMapProps) {
  const t = useT();
  const describe = useErrorMessage();
  const containerRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<DeviceMapController | null>(null);
  const onOpenRef = useRef(onOpen);
  const [failure, setFailure] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [drawn, setDrawn] = useState(-1);

  useEffect(() => {
    onOpenRef.current = onOpen;
  }, [onOpen]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const callbacks = {
      onLoadingChange: setLoading,
      onError: setFailure,
      onDrawn: setDrawn,
      onOpen: (id: string) => onOpenRef.current(id),
    };
    let controller: DeviceMapController;
    try {
      controller = new DeviceMapController(container, callbacks);
    } catch (error) {
      // MapLibre throws right away when the browser has no WebGL.
      callbacks.onError(error);
      callbacks.onLoadingChange(false);
      return;
    }
    controllerRef.current = controller;
    return () => {
      controllerRef.current = null;
      controller.destroy();
    };
  }, []);

  useEffect(() => {
    controllerRef.current?.setPoints(points).catch(setFailure);
  }, [points]);

  return (
    <div className="onecity-city-map onecity-city-map-light">
      <div
        ref={containerRef}
        data-testid="device-map"
        data-device-count={drawn}
        data-loading={loading}
        style={{ position: 'absolute', inset: 0 }}
      />
      {loading && <Spin size="small" className="onecity-map-spin" />}
      {failure !== null && (
        <Alert
          className="onecity-map-alert"
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
