import { describe, expect, it } from 'vitest';
// The committed OpenAPI document the API types are generated from, read as text.
import openapiText from '../../../../../server/openapi.json?raw';
import { createTranslator } from '../../../shared/i18n/translate';
import {
  acrLabel,
  draftFromClient,
  draftProblems,
  draftToBody,
  draftToChange,
  emptyDraft,
  grantLabel,
  grantTypes,
  requiredAcrs,
  splitUris,
  uriProblem,
} from './client-form';

describe('relying-party form', () => {
  it('splits redirect URIs on lines, spaces and commas, without duplicates', () => {
    expect(splitUris(' https://a.gov.cn/cb\nhttps://b.gov.cn/cb, https://a.gov.cn/cb ')).toEqual([
      'https://a.gov.cn/cb',
      'https://b.gov.cn/cb',
    ]);
  });

  it('accepts HTTPS and loopback HTTP, refuses fragments, other schemes and plain HTTP', () => {
    expect(uriProblem('https://rp.example.gov.cn/callback')).toBeNull();
    expect(uriProblem('http://127.0.0.1:3000/cb')).toBeNull();
    expect(uriProblem('https://rp.example.gov.cn/cb#x')).toBe('fragment');
    expect(uriProblem('javascript:alert(1)')).toBe('invalid');
    expect(uriProblem('rp.example.gov.cn/cb')).toBe('invalid');
    expect(uriProblem('http://rp.example.gov.cn/cb')).toBe('insecure');
  });

  it('says what is missing before anything is sent', () => {
    expect(draftProblems(emptyDraft).map((p) => `${p.field}:${p.problem}`)).toEqual([
      'name:required',
      'redirectUris:required',
    ]);
    expect(
      draftProblems({
        ...emptyDraft,
        name: 'M2M',
        public: true,
        grantTypes: ['client_credentials'],
      }).map((p) => p.problem),
    ).toEqual(['publicCredentials']);
    // A machine client needs no redirect URI.
    expect(
      draftProblems({ ...emptyDraft, name: 'M2M', grantTypes: ['client_credentials'] }),
    ).toEqual([]);
  });

  it('turns the draft into the registration the API takes', () => {
    expect(
      draftToBody({
        ...emptyDraft,
        name: ' 医保结算 ',
        redirectUris: 'https://yb.example.gov.cn/cb',
        requiredAcr: 'realperson',
        pairwise: true,
      }),
    ).toEqual({
      name: '医保结算',
      redirectUris: ['https://yb.example.gov.cn/cb'],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      grantTypes: ['authorization_code', 'refresh_token'],
      public: false,
      pairwise: true,
      requiredAcr: 'realperson',
    });
    expect(draftToBody({ ...emptyDraft, name: 'x' }).requiredAcr).toBeNull();
  });

  it('edits a registered client: its URIs one per line, only what may change is sent', () => {
    const draft = draftFromClient({
      name: '区医保结算',
      redirectUris: ['https://a.gov.cn/cb', 'https://b.gov.cn/cb'],
      postLogoutRedirectUris: [],
      grantTypes: ['authorization_code', 'refresh_token'],
      requiredAcr: 'realname',
      subjectType: 'pairwise',
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    expect(draft).toMatchObject({
      redirectUris: 'https://a.gov.cn/cb\nhttps://b.gov.cn/cb',
      requiredAcr: 'realname',
      pairwise: true,
      public: false,
    });
    expect(draftProblems({ ...draft, redirectUris: '' })).toEqual([
      { field: 'redirectUris', problem: 'required' },
    ]);
    expect(
      draftToChange({ ...draft, redirectUris: 'https://c.gov.cn/cb', requiredAcr: 'none' }),
    ).toEqual({
      name: '区医保结算',
      redirectUris: ['https://c.gov.cn/cb'],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      requiredAcr: null,
    });
    expect(
      draftProblems({ ...draft, backchannelLogoutUri: 'http://rp.gov.cn/bc' }).map((p) => p.field),
    ).toEqual(['backchannelLogoutUri']);
  });
});

describe('relying-party labels', () => {
  const registration = (
    JSON.parse(openapiText) as {
      paths: Record<
        string,
        {
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    properties: {
                      requiredAcr: { anyOf: Array<{ enum?: string[] }> };
                      grantTypes: { items: { enum: string[] } };
                    };
                  };
                };
              };
            };
          };
        }
      >;
    }
  ).paths['/api/v1/sso/clients']?.post.requestBody.content['application/json'].schema.properties;
  const apiAcrs = registration?.requiredAcr.anyOf.flatMap((s) => s.enum ?? []) ?? [];
  const apiGrants = registration?.grantTypes.items.enum ?? [];

  it('know every acr value and grant type the API takes', () => {
    expect([...requiredAcrs].sort()).toEqual([...apiAcrs].sort());
    expect([...grantTypes].sort()).toEqual([...apiGrants].sort());
  });

  it('say the acr in the words of the account levels, in both languages', () => {
    const zh = createTranslator('zh-CN');
    const en = createTranslator('en-US');
    expect([null, ...apiAcrs].map((a) => acrLabel(zh, a))).toEqual([
      '不限',
      '基础认证',
      '实名认证',
      '实人认证',
    ]);
    expect(acrLabel(en, 'realname')).toBe('Real-name verified');
    for (const t of [zh, en]) {
      for (const grant of apiGrants) expect(grantLabel(t, grant)).not.toBe(grant);
    }
  });

  it('leave a value this version does not know as it is', () => {
    const zh = createTranslator('zh-CN');
    expect(acrLabel(zh, 'urn:example:loa:4')).toBe('urn:example:loa:4');
    expect(grantLabel(zh, 'urn:ietf:params:oauth:grant-type:device_code')).toBe(
      'urn:ietf:params:oauth:grant-type:device_code',
    );
  });
});
