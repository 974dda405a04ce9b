import { AppError } from '../../platform/errors/app-error.ts';

/** An error Open311 clients read: `[{"code": 400, "description": "…"}]` with that HTTP status. */
export class Open311Error extends AppError {
  constructor(
    status: 400 | 403 | 404 | 429 | 500,
    description: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`open311_${status}`, status, description);
    this.name = 'Open311Error';
  }
}
