/**
 * The big screen's data, as the API contract of issue 7 describes it. Kept here as plain
 * types so the pure logic does not depend on the generated client.
 */
export type ScreenLevel = 'city' | 'district' | 'street' | 'grid';

export interface ScreenRegionRef {
  id: string;
  name: string;
  level: ScreenLevel;
}

export interface ScreenChild {
  regionId: string;
  name: string;
  level: ScreenLevel;
  openCases: number;
  devices: number;
  alerting: number;
}

export interface ScreenOverview {
  region: ScreenRegionRef & { path: ScreenRegionRef[] };
  generatedAt: string;
  seq: number;
  devices: {
    total: number;
    online: number;
    offline: number;
    alerting: number;
    onlineRate: number | null;
  };
  readingsPerSecond: number;
  alerts: {
    active: number;
    today: number;
    byKind: { kind: string; name: string; count: number }[];
  };
  cases: {
    open: number;
    today: number;
    byStage: { stage: string; count: number }[];
    closedToday: number;
    onTimeCloseRate: number | null;
  };
  services: { applicationsToday: number; fullyOnlineShare: number | null };
  citycode: {
    scansToday: number;
    byScene: { sceneId?: string; sceneType: string | null; name: string; count: number }[];
  };
  /**
   * Null until a hotline module exists; the panel then says so. Optional because the typed
   * client drops a property whose only type is null.
   */
  hotline?: { topics: { topic: string; count: number }[] } | null;
  children: ScreenChild[];
}

/** Columnar so 100,000 devices stay a few megabytes of JSON. State 0 online, 1 offline, 2 alerting. */
export interface ScreenDeviceColumns {
  generatedAt: string;
  count: number;
  id: string[];
  lng: number[];
  lat: number[];
  state: number[];
}

export interface ScreenAlert {
  id: string;
  /** Null for an alert whose device has no location: listed, but not on the map. */
  lng: number | null;
  lat: number | null;
  severity: string;
  kind: string;
  name: string;
  raisedAt: string;
}

export interface ScreenAlerts {
  items: ScreenAlert[];
}

export interface ScreenCrowd {
  resolution: number;
  cells: { h3: string; count: number }[];
}
