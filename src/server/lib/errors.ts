/**
 * The one error type of the application. Services throw it; the Fastify error
 * handler (app.ts) turns it into `{ error: { code, message, details } }`.
 */
export interface FieldIssue {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    public readonly code: string,
    public readonly status: number,
    message: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', 404, `${what} not found`);

export const invalid = (field: string, message: string, code = 'invalid_input') =>
  new AppError(code, 422, `${field}: ${message}`, { fields: [{ field, message }] satisfies FieldIssue[] });

export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 409, message, details);

export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError('forbidden', 403, message);

export const unauthorized = (message = 'Sign in or send a valid bearer token') =>
  new AppError('unauthorized', 401, message);
