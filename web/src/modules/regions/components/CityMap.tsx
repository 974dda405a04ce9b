import 'maplibre-gl/dist/maplibre-gl.css';
import './city-map.css';
import { Alert, Breadcrumb, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { RegionRef } from '../../../shared/api/types';
import { useErrorMessage } from '../../../shared/api/use-error-message';
import { useT } from '../../../shared/i18n/i18n-context';
import { CityMapController, type MapTheme } from './city-map-controller';

export interface CityMapProps {
  theme?: MapTheme;
  /** A region to show, e.g. the one picked in the region tree. */
  focusRegionId?: string | null;
  onPathChange?: (path: RegionRef[]) => void;
  /** The big screen has its own title; the breadcrumb would only add noise there. */
  showBreadcrumb?: boolean;
}

/**
 * The city drawn from our own region polygons: districts, then a district's streets, then a
 * street's grids, one click at a time.
 */
export function CityMap({
  theme = 'light',
  focusRegionId = null,
  onPathChange,
  showBreadcrumb = true,
}: CityMapProps) {
  const t = useT();
  const describe = useErrorMessage();
  const containerRef = useRef<HTMLDivElement>(null);
  const controllerRef = useRef<CityMapController | null>(null);
  const onPathChangeRef = useRef(onPathChange);
  const [featureCount, setFeatureCount] = useState(0);
  const [path, setPath] = useState<RegionRef[]>([]);
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<unknown>(null);

  useEffect(() => {
    onPathChangeRef.current = onPathChange;
  }, [onPathChange]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const callbacks = {
      onTopLevelCount: setFeatureCount,
      onLoadingChange: setLoading,
      onError: setFailure,
      onPathChange: (next: RegionRef[]) => {
        setPath(next);
        onPathChangeRef.current?.(next);
      },
    };
    let controller: CityMapController;
    try {
      controller = new CityMapController(container, theme, callbacks);
    } catch (error) {
      // MapLibre throws right away when the browser has no WebGL.
      callbacks.onError(error);
      return;
    }
    controllerRef.current = controller;
    return () => {
      controllerRef.current = null;
      controller.destroy();
    };
  }, [theme]);

  useEffect(() => {
    if (focusRegionId) controllerRef.current?.focus(focusRegionId).catch(setFailure);
  }, [focusRegionId]);

  return (
    <div className={`onecity-city-map onecity-city-map-${theme}`}>
      <div
        ref={containerRef}
        data-testid="city-map"
        data-feature-count={featureCount}
        data-loading={loading}
        style={{ position: 'absolute', inset: 0 }}
      />
      {showBreadcrumb && (
        <Breadcrumb
          className="onecity-map-breadcrumb"
          items={[
            {
              title: t('map.wholeCity'),
              onClick: () => void controllerRef.current?.reset(),
              className: path.length > 0 ? 'onecity-map-crumb-link' : undefined,
            },
            ...path.map((region, index) => ({
              title: region.name,
              onClick:
                index < path.length - 1
                  ? () => void controllerRef.current?.focus(region.id).catch(setFailure)
                  : undefined,
              className: index < path.length - 1 ? 'onecity-map-crumb-link' : undefined,
            })),
          ]}
        />
      )}
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
