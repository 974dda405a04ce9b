import type { MessageKey } from './messages-zh';

/** English UI text; the type makes a missing or extra key a compile error. */
export const en: Readonly<Record<MessageKey, string>> = {
  'app.name': 'OneCity City Operations',
  'app.tagline': 'Run the city · Serve the people · Share the data',

  'layout.language': 'Language',
  'layout.logout': 'Sign out',

  'face.portal': 'Portal',
  'face.workbench': 'Workbench',
  'face.screen': 'Screen',
  'face.portal.title': 'Citizen portal',
  'face.workbench.title': 'City operations workbench',
  'face.screen.title': 'City operations screen',

  'login.username': 'Username',
  'login.username.required': 'Enter your username',
  'login.password': 'Password',
  'login.password.required': 'Enter your password',
  'login.submit': 'Sign in',
  'login.expired': 'Your session has expired. Please sign in again.',
  'login.demoHint': 'Demo account {username} / {password}',

  'account.kind.citizen': 'Citizen',
  'account.kind.enterprise': 'Enterprise',
  'account.kind.staff': 'Staff',
  'account.assurance.basic': 'Basic',
  'account.assurance.real-name': 'Real-name verified',
  'account.assurance.real-person': 'Real-person verified',

  'portal.welcome': 'Hello, {name}',
  'portal.intro': 'Apply for services, follow your applications and report problems here.',

  'locate.title': 'Which grid am I in?',
  'locate.intro':
    'Enter a latitude and longitude to see the grid, street and district responsible for it.',
  'locate.lat': 'Latitude',
  'locate.lng': 'Longitude',
  'locate.submit': 'Locate',
  'locate.useDevice': 'Use my position',
  'locate.deviceFailed': 'Could not get your current position',
  'locate.none': 'Not assigned',
  'locate.outside': 'This place is outside the city.',

  'region.level.city': 'City',
  'region.level.district': 'District',
  'region.level.street': 'Street',
  'region.level.grid': 'Grid',

  'regions.tree.title': 'Regions',
  'regions.details.title': 'Region details',
  'regions.map.title': 'City map',
  'regions.search.placeholder': 'Search districts, streets or grids',
  'regions.search.none': 'No matching region',
  'regions.loadFailed': 'Could not load regions',
  'regions.pickOne': 'Pick a region in the tree or on the map',
  'regions.field.name': 'Name',
  'regions.field.code': 'Code',
  'regions.field.level': 'Level',
  'regions.field.belongsTo': 'Part of',
  'regions.field.children': 'Subdivisions',

  'map.wholeCity': 'Whole city',
  'map.failed': 'The map could not be loaded',

  'workbench.menu.regions': 'Region map',

  'screen.cityTitle': '{city} City Operations',
  'screen.loadFailed': 'Could not load data',
  'screen.stat.districts': 'Districts',
  'screen.stat.streets': 'Streets',
  'screen.stat.grids': 'Grids',
  'screen.districtList': 'Streets per district',
  'screen.streetCount': '{count}',

  'error.network': 'Cannot reach the server. Check the network and try again.',
  'error.unauthorized': 'Please sign in first.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.notFound': 'The requested item does not exist.',
  'error.server': 'The server failed. Please try again later.',
  'error.unknown': 'Something went wrong.',
  'error.pageNotFound': 'This page does not exist.',
  'error.backHome': 'Back to start',
};
