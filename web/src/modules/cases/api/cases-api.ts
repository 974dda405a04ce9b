import { api } from '../../../shared/api/api';
import { unwrap } from '../../../shared/api/client';
import type { paths } from '../../../shared/api/schema';

type Query<Path extends keyof paths> = paths[Path] extends {
  get: { parameters: { query?: infer Q } };
}
  ? NonNullable<Q>
  : never;

export type CaseListQuery = Query<'/api/v1/cases'>;
export type IntakeRequest =
  paths['/api/v1/cases']['post']['requestBody']['content']['application/json'];
export type TransitionRequest =
  paths['/api/v1/cases/{id}/transitions']['post']['requestBody']['content']['application/json'];

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export function listCases(query: CaseListQuery, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/cases', { params: { query }, ...withSignal(signal) }));
}

export function getCase(id: string, signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/cases/{id}', { params: { path: { id } }, ...withSignal(signal) }));
}

export function reportCase(body: IntakeRequest) {
  return unwrap(api.POST('/api/v1/cases', { body }));
}

/** Before reporting: open cases of the same class nearby, as intake would name them. */
export function checkDuplicates(
  query: { classId: string; lng: number; lat: number },
  signal?: AbortSignal,
) {
  return unwrap(
    api.GET('/api/v1/cases/possible-duplicates', { params: { query }, ...withSignal(signal) }),
  );
}

export function moveCase(id: string, body: TransitionRequest) {
  return unwrap(api.POST('/api/v1/cases/{id}/transitions', { params: { path: { id } }, body }));
}

/** Sends the image's bytes; the server recognizes JPEG, PNG and WebP by their first bytes. */
export function uploadCasePhoto(file: Blob) {
  return unwrap(
    api.POST('/api/v1/case-photos', {
      body: file as never,
      bodySerializer: (body: unknown) => body as BodyInit,
      headers: { 'content-type': file.type || 'application/octet-stream' },
    }),
  );
}

/** A photo's bytes, read with the session's token (an <img src> could not send it). */
export function fetchCasePhoto(id: string, signal?: AbortSignal): Promise<Blob> {
  const call = api.GET('/api/v1/case-photos/{id}', {
    params: { path: { id } },
    parseAs: 'blob',
    ...withSignal(signal),
  });
  return unwrap(call as Promise<{ data?: Blob; error?: unknown; response: Response }>);
}

export function listCaseClasses(signal?: AbortSignal) {
  return unwrap(
    api.GET('/api/v1/case-classes', {
      params: { query: { enabled: true } },
      ...withSignal(signal),
    }),
  );
}

export function listAllDepartments(signal?: AbortSignal) {
  return unwrap(api.GET('/api/v1/departments', { params: { query: {} }, ...withSignal(signal) }));
}

export type CasePage = Awaited<ReturnType<typeof listCases>>;
export type CaseSummary = CasePage['items'][number];
export type CaseDetail = Awaited<ReturnType<typeof getCase>>;
export type CaseStage = CaseSummary['stage'];
export type CaseSource = CaseSummary['source'];
export type CasePriority = CaseSummary['priority'];
export type CaseAction = TransitionRequest['action'];
export type CaseQueue = NonNullable<CaseListQuery['queue']>;
export type TimelineEntry = CaseDetail['timeline'][number];
export type PossibleDuplicate = CaseDetail['possibleDuplicates'][number];
export type IntakeResult = Awaited<ReturnType<typeof reportCase>>;
export type CaseClass = Awaited<ReturnType<typeof listCaseClasses>>['items'][number];
export type Department = Awaited<ReturnType<typeof listAllDepartments>>['items'][number];
export type CasePhoto = Awaited<ReturnType<typeof uploadCasePhoto>>;

export type EvaluationQuery = Query<'/api/v1/case-evaluation'>;

export async function getEvaluation(query: EvaluationQuery, signal?: AbortSignal) {
  const body = await unwrap(
    api.GET('/api/v1/case-evaluation', {
      params: { query: { ...query, format: 'json' } },
      ...withSignal(signal),
    }),
  );
  // The operation also answers CSV; asked for JSON, a string means something went wrong.
  if (typeof body === 'string') throw new Error('Expected the evaluation as JSON');
  return body;
}

/** The same evaluation as the server's CSV (BOM, Chinese headers), with the name it suggests. */
export async function downloadEvaluationCsv(
  query: EvaluationQuery,
): Promise<{ blob: Blob; fileName: string | null }> {
  let fileName: string | null = null;
  const call = api
    .GET('/api/v1/case-evaluation', {
      params: { query: { ...query, format: 'csv' } },
      parseAs: 'blob',
    })
    .then((result) => {
      fileName = result.response.headers.get('content-disposition');
      return result;
    });
  const blob = await unwrap(call as Promise<{ data?: Blob; error?: unknown; response: Response }>);
  return { blob, fileName };
}

export type Evaluation = Awaited<ReturnType<typeof getEvaluation>>;
export type EvaluationRow = Evaluation['rows'][number];
