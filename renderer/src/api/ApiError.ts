/** A call the core did not answer: unknown, malformed, refused, or the connection is gone. */
import type { CallErrorCode, CallReply } from '../../../electron/common/api';

export class ApiError extends Error {
  constructor(
    readonly code: CallErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The reply's value, or an ApiError. */
export function unwrap<T>(reply: CallReply): T {
  if (reply.ok) return reply.value as T;
  throw new ApiError(reply.code, reply.error);
}
