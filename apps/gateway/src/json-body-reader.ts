import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '@latticelm/api';
import { renderError } from './render-error';

/**
 * Reads JSON bodies with the configured size limit. Replaces the framework's parser so that malformed JSON and
 * oversized bodies get Open Responses error objects (400 / 413) instead of HTML, and a declared
 * Content-Length over the limit is refused before a byte is read.
 */
export function jsonBodyReader(limitBytes: number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE' || req.method === 'OPTIONS') return next();
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      req.resume();
      renderError(res, tooLarge(limitBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      received += chunk.length;
      if (received > limitBytes) {
        failed = true;
        renderError(res, tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      failed = true;
    });
    req.on('end', () => {
      if (failed) return;
      if (received === 0) {
        req.body = undefined;
        return next();
      }
      const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, received).toString('utf8');
      try {
        req.body = JSON.parse(text) as unknown;
      } catch (error) {
        renderError(
          res,
          GatewayError.invalidRequest('body', `the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, 'invalid_json'),
        );
        return;
      }
      next();
    });
  };
}

function tooLarge(limitBytes: number): GatewayError {
  return new GatewayError({
    status: 413,
    type: 'invalid_request',
    code: 'request_too_large',
    message: `the request body exceeds the limit of ${limitBytes} bytes (server.max_request_body_size)`,
    param: 'body',
    origin: 'client',
  });
}
