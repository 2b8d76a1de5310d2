import type { z } from 'zod';
import { capFieldErrors } from './capped-errors';

/**
 * The one error type that crosses a boundary. `code` is stable and documented (clients
 * switch on it); `status` is its HTTP meaning; `errors` names the fields at fault.
 * Anything that is not an AppError is a bug: logged, and answered as a bare 500.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    /** Seconds, for 429 and 503. */
    readonly retryAfter?: number,
    /** Extra response headers (the RateLimit headers of a 429). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): SerializedError {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.retryAfter !== undefined ? { retryAfter: this.retryAfter } : {}),
      ...(this.headers ? { headers: this.headers } : {}),
    };
  }

  static from(e: SerializedError): AppError {
    return new AppError(e.status, e.code, e.message, e.errors, e.retryAfter, e.headers);
  }
}

export interface SerializedError {
  status: number;
  code: string;
  message: string;
  errors?: FieldError[];
  retryAfter?: number;
  headers?: Record<string, string>;
}

export const invalid = (message: string, errors?: FieldError[]) =>
  new AppError(400, 'validation_failed', message, errors && capFieldErrors(errors));
export const unauthenticated = (message = 'Authentication is required.') =>
  new AppError(401, 'unauthenticated', message);
export const forbidden = (message = 'Your role may not do this.') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found.`);
export const conflict = (code: string, message: string, field?: string) =>
  new AppError(409, code, message, field ? [{ field, message }] : undefined);
export const preconditionFailed = () =>
  new AppError(412, 'precondition_failed', 'The resource changed since you read it; read it again and retry.');
export const preconditionRequired = () =>
  new AppError(428, 'precondition_required', 'This update needs an If-Match header with the ETag from a read.');
export const unprocessable = (code: string, message: string, field?: string) =>
  new AppError(422, code, message, field ? [{ field, message }] : undefined);
export const timedOut = () => new AppError(504, 'deadline_exceeded', 'The request ran out of time before it was handled.');
export const unavailable = (message: string, retryAfter = 1) =>
  new AppError(503, 'unavailable', message, undefined, retryAfter);

/** Thrown when a newer owner has taken the actor: this activation must never commit again. */
export class FencedError extends AppError {
  constructor() {
    super(503, 'actor_moved', 'The actor moved to another worker; retry.', undefined, 0);
  }
}

/**
 * A handler's answer that is an error but whose writes must still commit: reusing a spent
 * refresh token revokes its family and is refused in the same breath.
 */
export class Rejected {
  constructor(readonly error: AppError) {}
}

/** Zod issues as field errors; an unknown key is named itself, so the client sees which one. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((i) => {
    const path = i.path.map(String);
    const name = (p: string[]) => p.join('.') || '(body)';
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: name([...path, k]), message: 'Unknown field.' }));
    return [{ field: name(path), message: i.message }];
  });
}
