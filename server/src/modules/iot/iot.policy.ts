import { allowRoles } from '../identity/index.ts';

/** The iot module's actions and the staff roles allowed them (within their region subtree). */
export const iotActions = {
  readDevices: 'iot.devices.read',
  manageDevices: 'iot.devices.manage',
  manageProducts: 'iot.products.manage',
} as const;

allowRoles(iotActions.readDevices, [
  'commander',
  'acceptor',
  'dispatcher',
  'handler',
  'grid_worker',
  'reviewer',
  'data_admin',
  'system_admin',
]);
allowRoles(iotActions.manageDevices, ['system_admin', 'data_admin']);
allowRoles(iotActions.manageProducts, ['system_admin', 'data_admin']);
