import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error that reaches the client as `{ error: { code, message, location?, suggestion? } }`
 * with its status: where the problem is, and a repaired value the client may offer.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly location?: unknown,
    readonly suggestion?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what = 'resource') => new ApiError(404, 'not_found', `${what} not found`);
export const badRequest = (message: string, code = 'invalid_request') => new ApiError(400, code, message);
export const unprocessable = (code: string, message: string, location?: unknown, suggestion?: unknown) =>
  new ApiError(422, code, message, location, suggestion);
export const unauthorized = () => new ApiError(401, 'unauthenticated', 'login required');
export const forbidden = (message = 'not allowed for this role') => new ApiError(403, 'forbidden', message);
