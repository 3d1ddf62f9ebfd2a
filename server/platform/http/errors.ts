import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors/index.js';

type PgError = { code?: string; constraint?: string; detail?: string };

function fromPostgres(e: PgError): AppError | null {
  switch (e.code) {
    case '23505':
      return new AppError('conflict', 'A record with the same unique value already exists', 409, { constraint: e.constraint });
    case '23503':
      return new AppError('invalid_reference', 'A referenced record does not exist', 422, { constraint: e.constraint });
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return new AppError('invalid_value', 'A value has the wrong format', 400);
    case 'P0001':
      return new AppError('not_allowed', 'This record cannot be changed', 409);
    default:
      return null;
  }
}

/** Maps every failure to `{ error: { code, message } }`; only a fault of ours becomes a 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const fe = err as FastifyError & PgError;
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const issues = fe.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
    const first = issues[0];
    return new AppError('validation_failed', `Invalid ${fe.validationContext ?? 'input'}: ${first ? `${first.path} ${first.message}` : 'bad value'}`, 400, issues);
  }
  if (fe.validation) return new AppError('validation_failed', fe.message, 400);
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('invalid_json', 'The request body is not valid JSON', 400);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('body_too_large', 'The request body is too large', 413);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Unsupported content type', 415);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('invalid_content_length', 'Content-Length does not match the body', 400);
    case 'FST_REQ_FILE_TOO_LARGE':
      return new AppError('file_too_large', 'The file is larger than allowed', 413);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('not_multipart', 'Send the file as multipart/form-data', 415);
  }
  // Drizzle wraps driver errors; the PostgreSQL error (with its SQLSTATE code) is the cause.
  for (let e: unknown = fe, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as PgError).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      const mapped = fromPostgres(e as PgError);
      if (mapped) return mapped;
    }
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(String(fe.code ?? 'bad_request').toLowerCase(), fe.message, fe.statusCode);
  }
  return new AppError('internal', 'Something went wrong on our side; it has been logged', 500);
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply) {
  const e = toAppError(err);
  if (e.status >= 500) req.log.error({ err }, 'request failed');
  const body: { error: { code: string; message: string; details?: unknown } } = { error: { code: e.code, message: e.message } };
  if (e.details !== undefined) body.error.details = e.details;
  return reply.status(e.status).send(body);
}
