import { describe, expect, it } from 'vitest';
import { canUseFace, facesFor, landingPath, loginPathFor, nextPathAfterLogin } from './landing';

const staff = { kind: 'staff' as const };
const citizen = { kind: 'citizen' as const };
const enterprise = { kind: 'enterprise' as const };

describe('faces and landing', () => {
  it('sends staff to the workbench and everyone else to the portal', () => {
    expect(landingPath(staff)).toBe('/workbench');
    expect(landingPath(citizen)).toBe('/portal');
    expect(landingPath(enterprise)).toBe('/portal');
  });

  it('keeps citizens out of the staff faces', () => {
    expect(facesFor(citizen)).toEqual(['portal']);
    expect(canUseFace(citizen, 'workbench')).toBe(false);
    expect(canUseFace(staff, 'screen')).toBe(true);
  });
});

describe('nextPathAfterLogin', () => {
  it('returns to the page that asked for a login', () => {
    expect(nextPathAfterLogin('/screen', staff)).toBe('/screen');
    expect(nextPathAfterLogin('/workbench/regions?x=1', staff)).toBe('/workbench/regions?x=1');
  });

  it('refuses anything that would leave the site', () => {
    for (const next of [
      '//evil.example',
      'https://evil.example/portal',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      expect(nextPathAfterLogin(next, staff)).toBe('/workbench');
    }
  });

  it('ignores pages the account may not open and unknown pages', () => {
    expect(nextPathAfterLogin('/workbench', citizen)).toBe('/portal');
    expect(nextPathAfterLogin('/login', staff)).toBe('/workbench');
    expect(nextPathAfterLogin('/portalish', citizen)).toBe('/portal');
    expect(nextPathAfterLogin(null, citizen)).toBe('/portal');
  });
});

describe('loginPathFor', () => {
  it('remembers the face being left and why', () => {
    expect(loginPathFor({ pathname: '/screen', search: '' }, true)).toBe(
      '/login?next=%2Fscreen&expired=1',
    );
    expect(loginPathFor({ pathname: '/nowhere', search: '' }, false)).toBe('/login');
  });
});
