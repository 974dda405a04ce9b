import 'maplibre-gl/dist/maplibre-gl.css';
import '../../regions/components/city-map.css';
import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useT } from '../../../shared/i18n/i18n-context';
import { CaseMapController, type GridRef } from './case-map-controller';

export interface CaseMapProps {
  point: { lng: number; lat: number } | null;
  grid: GridRef | null;
  /** Turns picking on: a tap hands the point over. */
  onPick?: (point: { lng: number; lat: number }) => void;
  testId?: string;
}

/** A case's point and its grid on our own region polygons; optionally a place to tap one. */
export function CaseMap({ point, grid, onPick, testId = 'case-map' }: CaseMapProps) {
  const t = useT();
  const describe = useErrorMessage();
  const containerRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<CaseMapController | null>(null);
  const onPickRef = useRef(onPick);
  const pickable = onPick !== undefined;
  const [failure, setFailure] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    onPickRef.current = onPick;
  }, [onPick]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const callbacks = {
      onLoadingChange: setLoading,
      onError: setFailure,
      ...(pickable
        ? { onPick: (picked: { lng: number; lat: number }) => onPickRef.current?.(picked) }
        : {}),
    };
    let controller: CaseMapController;
    try {
      controller = new CaseMapController(container, callbacks);
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
  }, [pickable]);

  const lng = point?.lng;
  const lat = point?.lat;
  useEffect(() => {
    const next = lng !== undefined && lat !== undefined ? { lng, lat } : null;
    controllerRef.current?.setPoint(next).catch(setFailure);
  }, [lng, lat, pickable]);

  const streetId = grid?.streetId;
  const gridId = grid?.gridId;
  useEffect(() => {
    const next = streetId && gridId ? { streetId, gridId } : null;
    controllerRef.current?.showGrid(next).catch(setFailure);
  }, [streetId, gridId, pickable]);

  return (
    <div className="onecity-city-map onecity-city-map-light onecity-case-map">
      <div
        ref={containerRef}
        data-testid={testId}
        data-loading={loading}
        data-point={point ? `${point.lng.toFixed(5)},${point.lat.toFixed(5)}` : ''}
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
