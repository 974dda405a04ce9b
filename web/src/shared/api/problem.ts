/** RFC 9457 problem details, as every OneCity error response carries them. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  [extension: string]: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/**
 * Reads a problem document out of whatever an error response held. Proxies and crashed
 * servers answer with HTML or plain text, so anything that is not a JSON object is kept
 * only as a short detail rather than trusted.
 */
export function parseProblem(body: unknown, status: number): ProblemDetails {
  if (isRecord(body)) {
    const problem: ProblemDetails = {
      ...body,
      status: typeof body.status === 'number' ? body.status : status,
    };
    const type = optionalString(body.type);
    const title = optionalString(body.title);
    const detail = optionalString(body.detail);
    const code = optionalString(body.code);
    if (type) problem.type = type;
    else delete problem.type;
    if (title) problem.title = title;
    else delete problem.title;
    if (detail) problem.detail = detail;
    else delete problem.detail;
    if (code) problem.code = code;
    else delete problem.code;
    return problem;
  }
  const text = typeof body === 'string' ? body.trim() : '';
  // An HTML error page is noise to a user; a short plain-text reason is worth showing.
  const looksLikeHtml = text.startsWith('<');
  return text && !looksLikeHtml && text.length <= 300 ? { status, detail: text } : { status };
}

/** An API call that did not succeed; `message` is what a person should read. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails, fallbackMessage: string) {
    super(problem.detail ?? problem.title ?? fallbackMessage);
    this.name = 'ApiError';
    this.status = problem.status ?? 0;
    this.code = problem.code;
    this.problem = problem;
  }
}

export function apiErrorFrom(response: Response, body: unknown): ApiError {
  const problem = parseProblem(body, response.status);
  const fallback = response.statusText
    ? `HTTP ${response.status} ${response.statusText}`
    : `HTTP ${response.status}`;
  return new ApiError(problem, fallback);
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
