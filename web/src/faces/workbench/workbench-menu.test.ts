import { describe, expect, it } from 'vitest';
import { menuKeyForPath, pathForMenuKey } from './workbench-menu';

describe('workbench menu', () => {
  it('selects the entry whose page is open, including pages below it', () => {
    expect(menuKeyForPath('/workbench')).toBe('regions');
    expect(menuKeyForPath('/workbench/')).toBe('regions');
    expect(menuKeyForPath('/workbench/devices')).toBe('devices');
    expect(menuKeyForPath('/workbench/devices/6f1c2d7e-0000-4000-8000-000000000001')).toBe(
      'devices',
    );
    expect(menuKeyForPath('/workbench/alerts')).toBe('alerts');
    expect(menuKeyForPath('/workbench/alert-rules')).toBe('alert-rules');
    expect(menuKeyForPath('/workbench/facilities/f1')).toBe('facilities');
  });

  it('does not mistake a path that merely starts with the same letters', () => {
    // "/workbench/alerts" is a prefix of "/workbench/alerts-archive" but not its parent.
    expect(menuKeyForPath('/workbench/alerts-archive')).toBe('regions');
  });

  it('falls back to the home entry for unknown paths', () => {
    expect(menuKeyForPath('/workbench/nothing-here')).toBe('regions');
    expect(pathForMenuKey('nope')).toBe('/workbench');
    expect(pathForMenuKey('alert-rules')).toBe('/workbench/alert-rules');
  });
});
