/**
 * A coded error: the stable `code` is what clients and tests match on; `status` and
 * `title` become an RFC 9457 problem document in the one HTTP error handler.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string, id: string): AppError =>
  new AppError('not_found', 404, `${what} ${id} does not exist`, { resource: what, id });

export const forbidden = (detail: string): AppError => new AppError('forbidden', 403, detail);

export const unauthorized = (detail: string): AppError => new AppError('unauthorized', 401, detail);

export const conflict = (code: string, detail: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, 409, detail, extra);

export const badRequest = (code: string, detail: string, extra: Record<string, unknown> = {}) =>
  new AppError(code, 400, detail, extra);
