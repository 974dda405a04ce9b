import type { Account } from '../api/types';

export type Face = 'portal' | 'workbench' | 'screen';

export const FACE_PATHS: Readonly<Record<Face, string>> = {
  portal: '/portal',
  workbench: '/workbench',
  screen: '/screen',
};

/**
 * Staff work in the workbench and on the big screen and may look at the portal as citizens
 * see it; citizens and enterprises only have the portal. The server enforces the real
 * permissions — this only keeps people out of pages that would answer them with 403s.
 */
export function facesFor(account: Pick<Account, 'kind'>): Face[] {
  return account.kind === 'staff' ? ['workbench', 'screen', 'portal'] : ['portal'];
}

export function canUseFace(account: Pick<Account, 'kind'>, face: Face): boolean {
  return facesFor(account).includes(face);
}

export function landingPath(account: Pick<Account, 'kind'>): string {
  return account.kind === 'staff' ? FACE_PATHS.workbench : FACE_PATHS.portal;
}

export function faceOfPath(pathname: string): Face | null {
  for (const [face, prefix] of Object.entries(FACE_PATHS) as [Face, string][]) {
    if (pathname === prefix || pathname.startsWith(`${prefix}/`)) return face;
  }
  return null;
}

/**
 * Where to go after signing in when the login page was reached with `?next=`. Only a path
 * on this site that the account may open is honoured: `//host` or `https://…` would turn the
 * login form into an open redirect.
 */
export function nextPathAfterLogin(next: string | null, account: Pick<Account, 'kind'>): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return landingPath(account);
  }
  const face = faceOfPath(next.split(/[?#]/)[0] ?? '');
  return face && canUseFace(account, face) ? next : landingPath(account);
}

export function loginPathFor(location: { pathname: string; search: string }, expired: boolean) {
  const params = new URLSearchParams();
  if (faceOfPath(location.pathname)) params.set('next', `${location.pathname}${location.search}`);
  if (expired) params.set('expired', '1');
  const query = params.toString();
  return query ? `/login?${query}` : '/login';
}
