import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import type { paths } from '../../../shared/api/schema';

type Ok<
  P extends keyof paths,
  M extends 'get' | 'post' | 'patch',
  S extends number,
> = paths[P][M] extends { responses: { [K in S]: { content: { 'application/json': infer B } } } }
  ? B
  : never;

export type SceneType = Ok<'/api/v1/citycode/scene-types', 'get', 200>[number];
export type Scene = Ok<'/api/v1/citycode/scenes', 'get', 200>[number];
export type Scanner = Ok<'/api/v1/citycode/scanners', 'get', 200>[number];
export type ScanStats = Ok<'/api/v1/citycode/stats', 'get', 200>;
export type ScannerBody = NonNullable<
  paths['/api/v1/citycode/scanners']['post']['requestBody']
>['content']['application/json'];

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export const listSceneTypes = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/citycode/scene-types', withSignal(signal)));

export const listScenes = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/citycode/scenes', withSignal(signal)));

export const setSceneStatus = (scene: Pick<Scene, 'id' | 'version'>, status: Scene['status']) =>
  unwrap(
    api.PATCH('/api/v1/citycode/scenes/{id}', {
      params: { path: { id: scene.id } },
      body: { version: scene.version, status },
    }),
  );

export type SceneBody = NonNullable<
  paths['/api/v1/citycode/scenes']['post']['requestBody']
>['content']['application/json'];
export type SceneChange = Omit<
  NonNullable<
    paths['/api/v1/citycode/scenes/{id}']['patch']['requestBody']
  >['content']['application/json'],
  'version'
>;

export const createScene = (body: SceneBody) =>
  unwrap(api.POST('/api/v1/citycode/scenes', { body }));

/** Optimistic: `version` is the one the form was filled from; a concurrent change is a 409. */
export const updateScene = (scene: Pick<Scene, 'id' | 'version'>, change: SceneChange) =>
  unwrap(
    api.PATCH('/api/v1/citycode/scenes/{id}', {
      params: { path: { id: scene.id } },
      body: { version: scene.version, ...change },
    }),
  );

export const listScanners = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/citycode/scanners', withSignal(signal)));

/** The answer carries the scanner's key: the only time anybody sees it. */
export const registerScanner = (body: ScannerBody) =>
  unwrap(api.POST('/api/v1/citycode/scanners', { body }));

export const setScannerStatus = (id: string, status: Scanner['status']) =>
  unwrap(
    api.PATCH('/api/v1/citycode/scanners/{id}', { params: { path: { id } }, body: { status } }),
  );

export const loadScanStats = (minutes: number, signal?: AbortSignal) =>
  unwrap(
    api.GET('/api/v1/citycode/stats', { params: { query: { minutes } }, ...withSignal(signal) }),
  );
