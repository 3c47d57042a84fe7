import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors.js';

/** One place maps every error to SPEC 7's `{ error: { code, message, details } }`. */
/** `spaFallback`: unknown GETs outside /api and /webhooks get the web UI's index.html (client-side routes). */
export function installErrorHandler(app: FastifyInstance, opts: { spaFallback?: boolean } = {}): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details ?? {} } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const fields = err.validation.map((v) => ({
        field: v.instancePath.replace(/^\//, '').replace(/\//g, '.') || where,
        message: v.message ?? 'is invalid',
      }));
      const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
      return reply.status(422).send({ error: { code: 'invalid_input', message: `Invalid ${where}: ${summary}`, details: { fields } } });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return reply.status(500).send({ error: { code: 'internal_error', message: 'Internal error', details: {} } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err }, 'unhandled error');
      return reply.status(500).send({ error: { code: 'internal_error', message: 'Internal error', details: {} } });
    }
    // Fastify's own 4xx: malformed JSON, unsupported media type, body too large, ...
    const code = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : status === 413 ? 'payload_too_large' : 'bad_request';
    return reply.status(status).send({ error: { code, message: err.message, details: {} } });
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    if (opts.spaFallback && req.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/webhooks/')) {
      return reply.header('cache-control', 'no-cache').type('text/html').sendFile('index.html');
    }
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, details: {} } });
  });
}
