import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { CACHE_HEADER, RESPONSE_CACHEABLE, RequestWithPrincipal, requestScopeOf } from '@latticelm/api';
import { ResponseCache } from './response-cache';

/**
 * Gives each request to a `@ResponseCacheable()` handler its cache directive (after the guards, so the principal
 * and its API key are known), or marks it `bypass`. Registered only while `response_cache.enabled`.
 */
@Injectable()
export class ResponseCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly cache: ResponseCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http' && this.reflector.get<boolean>(RESPONSE_CACHEABLE, context.getHandler())) {
      const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
      const directive = this.cache.directiveFor(request.principal, request.headers[CACHE_HEADER]);
      const scope = requestScopeOf(request);
      if (directive) scope.responseCache = directive;
      else {
        scope.cacheStatus = 'bypass';
        this.cache.count('bypass');
      }
    }
    return next.handle();
  }
}
