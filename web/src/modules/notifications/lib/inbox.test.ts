import { describe, expect, it } from 'vitest';
import {
  allRead,
  badgeText,
  headlineOf,
  linkOf,
  markedRead,
  noteKeyOf,
  type InboxItem,
} from './inbox';

const item = (over: Partial<InboxItem> = {}): InboxItem => ({
  id: 'n1',
  kind: 'case_supervised',
  caseId: 'c-1',
  caseNumber: 'SH20261202000001',
  note: '请尽快处置',
  escalationLevel: 'street',
  alertId: null,
  incidentId: null,
  severity: null,
  title: null,
  deviceName: null,
  read: false,
  ...over,
});

const alert = (over: Partial<InboxItem> = {}): InboxItem =>
  item({
    kind: 'alert_raised',
    caseId: null,
    caseNumber: null,
    escalationLevel: null,
    note: 'ph > 9 (9.6)',
    alertId: 'a-1',
    severity: 'major',
    title: 'pH 过高',
    deviceName: 'WQ-1',
    ...over,
  });

describe('the bell', () => {
  it('shows nothing at zero and caps at 99+', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });
});

describe('a supervised case notification', () => {
  it('names the case and the supervising level when it is known', () => {
    expect(headlineOf(item(), (l) => `<${l}>`)).toEqual({
      key: 'notifications.caseSupervised.level',
      params: { number: 'SH20261202000001', level: '<street>' },
    });
    expect(headlineOf(item({ escalationLevel: null }), (l) => l)).toEqual({
      key: 'notifications.caseSupervised',
      params: { number: 'SH20261202000001' },
    });
  });

  it('links to the case in the workbench', () => {
    expect(linkOf(item())).toBe('/workbench/cases/c-1');
    expect(linkOf(item({ caseId: null }))).toBeNull();
  });
});

describe('an alert notification', () => {
  it('names the severity, the rule and the device; its line under is the reason', () => {
    expect(
      headlineOf(
        alert(),
        (l) => l,
        (s) => `<${s}>`,
      ),
    ).toEqual({
      key: 'notifications.alertRaised',
      params: { severity: '<major>', title: 'pH 过高', device: 'WQ-1' },
    });
    expect(noteKeyOf(alert())).toBe('notifications.alertReason');
    expect(noteKeyOf(item())).toBe('notifications.note');
  });

  it('links to the alert on the workbench alerts page', () => {
    expect(linkOf(alert())).toBe('/workbench/alerts?alert=a-1');
    expect(linkOf(alert({ alertId: null }))).toBeNull();
  });
});

describe('an alarm-storm incident notification', () => {
  const incident = alert({
    kind: 'incident_opened',
    alertId: null,
    incidentId: 'i-1',
    severity: 'critical',
    title: '广告牌倾斜（12+）',
    deviceName: null,
    note: null,
  });

  it('says it is a storm, with its severity and title', () => {
    expect(
      headlineOf(
        incident,
        (l) => l,
        (s) => `<${s}>`,
      ),
    ).toEqual({
      key: 'notifications.incidentOpened',
      params: { severity: '<critical>', title: '广告牌倾斜（12+）' },
    });
  });

  it('links to the incident on the incidents tab', () => {
    expect(linkOf(incident)).toBe('/workbench/alerts?tab=incidents&incident=i-1');
  });
});

describe('read marks shown before the next poll', () => {
  it('one read lowers the count once; reading it again changes nothing', () => {
    const items = [item(), item({ id: 'n2' })];
    const once = markedRead(items, 2, 'n1');
    expect(once.unreadCount).toBe(1);
    expect(once.items.map((n) => n.read)).toEqual([true, false]);
    expect(markedRead(once.items, once.unreadCount, 'n1').unreadCount).toBe(1);
  });

  it('all read clears the count', () => {
    const done = allRead([item(), item({ id: 'n2', read: true })]);
    expect(done).toEqual({
      items: [item({ read: true }), item({ id: 'n2', read: true })],
      unreadCount: 0,
    });
  });
});
