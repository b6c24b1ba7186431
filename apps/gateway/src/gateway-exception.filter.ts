import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { GatewayError, toGatewayError } from '@latticelm/api';
import { ClientAbortedError } from '@latticelm/providers';
import { renderError } from './render-error';

/** The one place errors become HTTP answers. Client errors keep their 4xx; only real faults are 5xx and logged. */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ClientAbortedError) {
      // Nobody is listening any more: not an error of ours, and nothing to render.
      if (!res.writableEnded) res.end();
      return;
    }
    const error = exception instanceof HttpException ? fromHttpException(exception) : toGatewayError(exception);
    if (error.status >= 500 && error.origin === 'gateway') {
      const cause = error.cause ?? exception;
      this.logger.error(`${error.message}${cause instanceof Error && cause !== error ? `: ${cause.stack ?? cause.message}` : ''}`);
    }
    renderError(res, error);
  }
}

function fromHttpException(exception: HttpException): GatewayError {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null && 'message' in response
      ? String(response.message)
      : exception.message;
  if (status === 404) return GatewayError.notFound(message.startsWith('Cannot ') ? `No route: ${message.slice(7)}` : message, 'route_not_found');
  return toGatewayError(Object.assign(new Error(message), { status }));
}
