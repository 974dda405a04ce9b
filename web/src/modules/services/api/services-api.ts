import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import type { paths } from '../../../shared/api/schema';

type Query<Path extends keyof paths> = paths[Path] extends {
  get: { parameters: { query?: infer Q } };
}
  ? NonNullable<Q>
  : never;

export type ItemQuery = Query<'/api/v1/services/items'>;
export type BundleQuery = Query<'/api/v1/services/bundles'>;
export type QueueQuery = Query<'/api/v1/services/queue'>;
export type ApplicationListQuery = Query<'/api/v1/services/applications'>;
type ApplicationRequest =
  paths['/api/v1/services/applications']['post']['requestBody']['content']['application/json'];
type PatchRequest =
  paths['/api/v1/services/applications/{id}']['patch']['requestBody']['content']['application/json'];
type DecisionRequest =
  paths['/api/v1/services/tasks/{id}/decision']['post']['requestBody']['content']['application/json'];

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export function searchItems(query: ItemQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/services/items', { params: { query }, ...withSignal(signal) }));
}

export function getItem(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/services/items/{id}', { params: { path: { id } }, ...withSignal(signal) }),
  );
}

export function searchBundles(query: BundleQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/services/bundles', { params: { query }, ...withSignal(signal) }));
}

export function getBundle(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/services/bundles/{id}', { params: { path: { id } }, ...withSignal(signal) }),
  );
}

export function getTaxonomy(signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/services/taxonomy', withSignal(signal)));
}

export function getCatalogueFigures(signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/services/metrics/catalogue', withSignal(signal)));
}

export function getPrefill(kind: 'item' | 'bundle', id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/services/prefill', { params: { query: { kind, id } }, ...withSignal(signal) }),
  );
}

/** Sends the file's bytes; the server reads the type from them. */
export function uploadMaterial(file: File) {
  return unwrap(
    api.POST('/api/v1/services/uploads', {
      body: file as never,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: {
        'content-type': file.type || 'application/octet-stream',
        'x-file-name': encodeURIComponent(file.name),
      },
    }),
  );
}

/** An uploaded file as a blob (for the reviewer to open). */
export function downloadUpload(id: string): Promise<Blob> {
  const call = api.GET('/api/v1/services/uploads/{id}', {
    params: { path: { id } },
    parseAs: 'blob',
  });
  return unwrap(call as Promise<{ data?: Blob; error?: unknown; response: Response }>);
}

export function createApplication(body: ApplicationRequest, idempotencyKey: string) {
  return unwrap(
    api.POST('/api/v1/services/applications', {
      body,
      params: { header: { 'idempotency-key': idempotencyKey } },
    }),
  );
}

export function updateApplication(id: string, body: PatchRequest) {
  return unwrap(
    api.PATCH('/api/v1/services/applications/{id}', { params: { path: { id } }, body }),
  );
}

export function submitApplication(id: string, version: number) {
  return unwrap(
    api.POST('/api/v1/services/applications/{id}/submit', {
      params: { path: { id } },
      body: { version },
    }),
  );
}

export function listMyApplications(query: ApplicationListQuery, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/services/applications', { params: { query }, ...withSignal(signal) }),
  );
}

export function getApplication(id: string, signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/services/applications/{id}', {
      params: { path: { id } },
      ...withSignal(signal),
    }),
  );
}

export function listNotifications(signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/services/notifications', {
      params: { query: { unread: false, limit: 20, offset: 0 } },
      ...withSignal(signal),
    }),
  );
}

export function markNotificationRead(id: string) {
  return unwrap(
    api.POST('/api/v1/services/notifications/{id}/read', { params: { path: { id } } }),
  ).catch(() => undefined);
}

export function getQueue(query: QueueQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/services/queue', { params: { query }, ...withSignal(signal) }));
}

export function decideTask(taskId: string, body: DecisionRequest) {
  return unwrap(
    api.POST('/api/v1/services/tasks/{id}/decision', { params: { path: { id: taskId } }, body }),
  );
}

export type ItemPage = Awaited<ReturnType<typeof searchItems>>;
export type ItemSummary = ItemPage['items'][number];
export type ItemDetail = Awaited<ReturnType<typeof getItem>>;
export type BundleSummary = Awaited<ReturnType<typeof searchBundles>>['items'][number];
export type BundleDetail = Awaited<ReturnType<typeof getBundle>>;
export type Taxonomy = Awaited<ReturnType<typeof getTaxonomy>>;
export type Prefill = Awaited<ReturnType<typeof getPrefill>>;
export type HeldLicence = Prefill['materials'][number]['licences'][number];
export type Application = Awaited<ReturnType<typeof getApplication>>;
export type ApplicationSummary = Awaited<ReturnType<typeof listMyApplications>>['items'][number];
export type ApplicationStatus = Application['status'];
export type Task = Application['tasks'][number];
export type TaskAction = Task['availableActions'][number];
export type QueueEntry = Awaited<ReturnType<typeof getQueue>>['items'][number];
export type Notification = Awaited<ReturnType<typeof listNotifications>>['items'][number];
export type Upload = Awaited<ReturnType<typeof uploadMaterial>>;
export type Material = ItemDetail['materials'][number];
export type MaterialsInput = ApplicationRequest['materials'];
