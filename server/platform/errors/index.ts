/** A failure the caller can act on: a stable string code, an HTTP status and a message. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`, 404);
export const forbidden = (message = 'You are not allowed to do this') => new AppError('forbidden', message, 403);
export const unauthorized = (message = 'Sign in first') => new AppError('unauthorized', message, 401);
export const conflict = (code: string, message: string) => new AppError(code, message, 409);
export const invalid = (code: string, message: string, details?: unknown) => new AppError(code, message, 422, details);
