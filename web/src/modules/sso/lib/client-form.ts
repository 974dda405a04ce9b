import type { AssuranceLevel } from '../../../shared/api/types';
import type { Translate } from '../../../shared/i18n/translate';
import type { RelyingPartyBody } from '../api/sso-api';

/** The relying-party form, as the workbench edits it, and the registration it becomes. */
export type GrantType = NonNullable<RelyingPartyBody['grantTypes']>[number];
export type RequiredAcr = NonNullable<RelyingPartyBody['requiredAcr']>;

const grantSet = {
  authorization_code: true,
  refresh_token: true,
  client_credentials: true,
} as const satisfies Record<GrantType, true>;

export const grantTypes = Object.keys(grantSet) as GrantType[];

/**
 * The OpenID `acr` values a relying party may require, and the account assurance level each
 * stands for: the labels are the accounts' own (基础认证, 实名认证, 实人认证), not a copy.
 */
export const acrLevels = {
  basic: 'basic',
  realname: 'real-name',
  realperson: 'real-person',
} as const satisfies Record<RequiredAcr, AssuranceLevel>;

export const requiredAcrs = Object.keys(acrLevels) as RequiredAcr[];

const isRequiredAcr = (acr: string): acr is RequiredAcr => (requiredAcrs as string[]).includes(acr);

const isGrantType = (grant: string): grant is GrantType => (grantTypes as string[]).includes(grant);

/** The lowest sign-in level in words (不限 when none); an unknown value stays as it is. */
export function acrLabel(t: Translate, acr: string | null): string {
  if (acr === null) return t('ssoAdmin.acr.none');
  return isRequiredAcr(acr) ? t(`account.assurance.${acrLevels[acr]}`) : acr;
}

export function grantLabel(t: Translate, grant: string): string {
  return isGrantType(grant) ? t(`ssoAdmin.grant.${grant}`) : grant;
}

export interface ClientDraft {
  name: string;
  /** One URI per line, as typed. */
  redirectUris: string;
  postLogoutRedirectUris: string;
  /** One URI or empty (no back-channel logout). */
  backchannelLogoutUri: string;
  grantTypes: GrantType[];
  requiredAcr: RequiredAcr | 'none';
  pairwise: boolean;
  public: boolean;
}

export const emptyDraft: ClientDraft = {
  name: '',
  redirectUris: '',
  postLogoutRedirectUris: '',
  backchannelLogoutUri: '',
  grantTypes: ['authorization_code', 'refresh_token'],
  requiredAcr: 'none',
  pairwise: false,
  public: false,
};

export function splitUris(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * A redirect URI the provider will accept: absolute http(s), no fragment. Plain http only on
 * loopback (a developer's relying party); production ones are HTTPS.
 */
export function uriProblem(uri: string): 'invalid' | 'fragment' | 'insecure' | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'invalid';
  if (url.hash || uri.includes('#')) return 'fragment';
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    return 'insecure';
  }
  return null;
}

export type DraftProblem =
  | { field: 'name'; problem: 'required' }
  | { field: 'redirectUris'; problem: 'required' }
  | {
      field: 'redirectUris' | 'postLogoutRedirectUris' | 'backchannelLogoutUri';
      problem: 'invalid' | 'fragment' | 'insecure';
      uri: string;
    }
  | { field: 'grantTypes'; problem: 'required' | 'publicCredentials' };

export function draftProblems(draft: ClientDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  if (!draft.name.trim()) problems.push({ field: 'name', problem: 'required' });
  if (draft.grantTypes.length === 0) problems.push({ field: 'grantTypes', problem: 'required' });
  if (draft.public && draft.grantTypes.includes('client_credentials')) {
    problems.push({ field: 'grantTypes', problem: 'publicCredentials' });
  }
  const redirects = splitUris(draft.redirectUris);
  if (draft.grantTypes.includes('authorization_code') && redirects.length === 0) {
    problems.push({ field: 'redirectUris', problem: 'required' });
  }
  for (const field of ['redirectUris', 'postLogoutRedirectUris', 'backchannelLogoutUri'] as const) {
    for (const uri of splitUris(draft[field] ?? '')) {
      const problem = uriProblem(uri);
      if (problem) problems.push({ field, problem, uri });
    }
  }
  return problems;
}

export function draftToBody(draft: ClientDraft) {
  return {
    name: draft.name.trim(),
    redirectUris: splitUris(draft.redirectUris),
    postLogoutRedirectUris: splitUris(draft.postLogoutRedirectUris),
    backchannelLogoutUri: draft.backchannelLogoutUri?.trim() || null,
    grantTypes: [...new Set(draft.grantTypes)],
    public: draft.public,
    pairwise: draft.pairwise,
    requiredAcr: draft.requiredAcr === 'none' ? null : draft.requiredAcr,
  };
}

/** The form filled with a registered relying party, for editing. */
export function draftFromClient(client: {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri?: string | null;
  grantTypes: string[];
  requiredAcr: string | null;
  subjectType: string;
  tokenEndpointAuthMethod: string;
}): ClientDraft {
  const acr = client.requiredAcr;
  return {
    name: client.name,
    redirectUris: client.redirectUris.join('\n'),
    postLogoutRedirectUris: client.postLogoutRedirectUris.join('\n'),
    backchannelLogoutUri: client.backchannelLogoutUri ?? '',
    grantTypes: client.grantTypes.filter(isGrantType),
    requiredAcr: acr !== null && isRequiredAcr(acr) ? acr : 'none',
    pairwise: client.subjectType === 'pairwise',
    public: client.tokenEndpointAuthMethod === 'none',
  };
}

/** What an edit sends: grant types, public and pairwise are fixed at registration. */
export function draftToChange(draft: ClientDraft) {
  const body = draftToBody(draft);
  return {
    name: body.name,
    redirectUris: body.redirectUris,
    postLogoutRedirectUris: body.postLogoutRedirectUris,
    backchannelLogoutUri: body.backchannelLogoutUri,
    requiredAcr: body.requiredAcr,
  };
}
