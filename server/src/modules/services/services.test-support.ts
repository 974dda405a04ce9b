/** Factories for the services and licences integration tests. */
import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../../../test/support/test-app.ts';

export interface TaskBody {
  id: string;
  kind: 'acceptance' | 'review';
  itemId: string | null;
  name: string;
  departmentId: string;
  status: string;
  version: number;
  openedAt: string | null;
  deadlineAt: string | null;
  overdue: boolean;
  deadlineNear: boolean;
  licenceId: string | null;
  licenceNumber: string | null;
  form: Record<string, unknown>;
  availableActions: string[];
}

export interface ApplicationBody {
  id: string;
  number: string;
  status: string;
  version: number;
  districtId: string | null;
  leadDepartmentId: string | null;
  promisedBy: string | null;
  form: Record<string, unknown>;
  materials: Array<{
    key: string;
    source: string;
    licenceId: string | null;
    consentedAt: string | null;
    upload: { id: string } | null;
  }>;
  tasks: TaskBody[];
  timeline: Array<{
    action: string;
    actorName: string;
    toStatus: string | null;
    note: string | null;
  }>;
  supplement: { reason: string; items: string[] } | null;
  outcomeReason: string | null;
  viewerRole: string;
}

/** The smallest file our sniffing takes for a PDF. */
export function pdf(text = 'material'): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`);
}

export async function upload(t: TestApp, token: string, bytes = pdf()): Promise<string> {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/services/uploads',
    token,
    headers: { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('材料.pdf') },
    payload: bytes,
  });
  if (response.statusCode !== 201) throw new Error(`upload failed: ${response.body}`);
  return response.json<{ id: string }>().id;
}

export function apply(
  t: TestApp,
  token: string,
  body: Record<string, unknown>,
  key: string | null = crypto.randomUUID(),
): Promise<LightMyRequestResponse> {
  return t.request({
    method: 'POST',
    url: '/api/v1/services/applications',
    token,
    headers: key ? { 'idempotency-key': key } : {},
    payload: body,
  });
}

export async function applied(
  t: TestApp,
  token: string,
  body: Record<string, unknown>,
): Promise<ApplicationBody> {
  const response = await apply(t, token, body);
  if (response.statusCode !== 201)
    throw new Error(`apply failed: ${response.statusCode} ${response.body}`);
  return response.json<ApplicationBody>();
}

export function decide(
  t: TestApp,
  token: string,
  task: Pick<TaskBody, 'id' | 'version'>,
  action: string,
  reason?: string,
): Promise<LightMyRequestResponse> {
  return t.request({
    method: 'POST',
    url: `/api/v1/services/tasks/${task.id}/decision`,
    token,
    payload: { action, version: task.version, ...(reason ? { reason } : {}) },
  });
}

/** Decides and expects success; returns the application as the reviewer sees it. */
export async function decided(
  t: TestApp,
  token: string,
  task: Pick<TaskBody, 'id' | 'version'>,
  action: string,
  reason?: string,
): Promise<ApplicationBody> {
  const response = await decide(t, token, task, action, reason);
  if (response.statusCode !== 200)
    throw new Error(`${action} failed: ${response.statusCode} ${response.body}`);
  return response.json<ApplicationBody>();
}

export async function detail(t: TestApp, token: string, id: string): Promise<ApplicationBody> {
  const response = await t.request({
    method: 'GET',
    url: `/api/v1/services/applications/${id}`,
    token,
  });
  if (response.statusCode !== 200)
    throw new Error(`detail failed: ${response.statusCode} ${response.body}`);
  return response.json<ApplicationBody>();
}

export function taskFor(app: ApplicationBody, itemId: string | null, status?: string): TaskBody {
  const task = app.tasks.find(
    (t) =>
      (itemId === null ? t.kind === 'acceptance' : t.itemId === itemId) &&
      (!status || t.status === status),
  );
  if (!task)
    throw new Error(
      `no task ${itemId ?? 'acceptance'} ${status ?? ''} in ${JSON.stringify(app.tasks)}`,
    );
  return task;
}

/** A filled-in form for the restaurant bundle (开餐馆一件事). */
export function restaurantForm(overrides: Record<string, unknown> = {}) {
  return {
    enterpriseName: '上海一城示范餐饮有限公司',
    creditCode: '91310101MA1FPX1234',
    legalRepresentative: '林晓梅',
    businessAddress: '上海市黄浦区南京东路 299 号 2 层',
    businessType: '餐饮服务经营者',
    businessScope: '热食类食品制售；冷食类食品制售',
    floorArea: 180,
    seats: 64,
    openingDate: '2026-05-01',
    liquorTypes: ['啤酒', '葡萄酒'],
    phone: '13900001234',
    ...overrides,
  };
}
