/** The workbench's side menu entries, in menu order, with the path each opens. */
export const WORKBENCH_MENU = [
  { key: 'regions', path: '/workbench' },
  { key: 'devices', path: '/workbench/devices' },
  { key: 'alerts', path: '/workbench/alerts' },
  { key: 'alert-rules', path: '/workbench/alert-rules' },
  { key: 'facilities', path: '/workbench/facilities' },
  { key: 'applications', path: '/workbench/applications' },
  { key: 'cases', path: '/workbench/cases' },
  { key: 'case-report', path: '/workbench/cases/report' },
  { key: 'case-evaluation', path: '/workbench/case-evaluation' },
  { key: 'citycode', path: '/workbench/citycode' },
  { key: 'sso-clients', path: '/workbench/sso/clients' },
  { key: 'open311-keys', path: '/workbench/open311/keys' },
] as const;

export type WorkbenchMenuKey = (typeof WORKBENCH_MENU)[number]['key'];

/**
 * The entry to highlight for a path: the longest entry path the current one starts with, so
 * a device's detail page keeps "devices" selected and unknown paths fall back to the home.
 */
export function menuKeyForPath(pathname: string): WorkbenchMenuKey {
  const path = pathname.replace(/\/+$/, '') || '/';
  let best: (typeof WORKBENCH_MENU)[number] = WORKBENCH_MENU[0];
  for (const entry of WORKBENCH_MENU) {
    const matches = path === entry.path || path.startsWith(`${entry.path}/`);
    if (matches && entry.path.length > best.path.length) best = entry;
  }
  return best.key;
}

export function pathForMenuKey(key: string): string {
  return WORKBENCH_MENU.find((entry) => entry.key === key)?.path ?? '/workbench';
}
