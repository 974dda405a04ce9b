import { describe, expect, it } from 'vitest';
import { filterClients } from './client-filter';

const clients = [
  {
    clientId: 'onecity-web',
    name: 'OneCity 城市运行平台',
    redirectUris: ['http://localhost:8080/login/callback'],
    status: 'active',
  },
  {
    clientId: 'rp-Ab12',
    name: '区医保结算',
    redirectUris: ['https://yb.example.gov.cn/callback'],
    status: 'active',
  },
  {
    clientId: 'rp-Cd34',
    name: 'Transit card portal',
    redirectUris: ['https://sptc.example.gov.cn/cb'],
    status: 'disabled',
  },
];
const ids = (list: readonly { clientId: string }[]) => list.map((c) => c.clientId);

describe('the relying-party list filter', () => {
  it('keeps everything without a filter', () => {
    expect(filterClients(clients, { q: '', status: null })).toHaveLength(3);
  });

  it('matches the name, the client id or a redirect URI host, in any case', () => {
    expect(ids(filterClients(clients, { q: '医保', status: null }))).toEqual(['rp-Ab12']);
    expect(ids(filterClients(clients, { q: 'RP-CD34', status: null }))).toEqual(['rp-Cd34']);
    expect(ids(filterClients(clients, { q: 'sptc.example', status: null }))).toEqual(['rp-Cd34']);
    expect(ids(filterClients(clients, { q: 'transit yb', status: null }))).toEqual([]);
  });

  it('narrows to a status', () => {
    expect(ids(filterClients(clients, { q: '', status: 'disabled' }))).toEqual(['rp-Cd34']);
    expect(ids(filterClients(clients, { q: 'example', status: 'active' }))).toEqual(['rp-Ab12']);
  });
});
