import { SetMetadata } from '@nestjs/common';

export const RESPONSE_CACHEABLE = 'latticelm:responseCacheable';

/**
 * Marks a handler that generates a response through the one pipeline (`/v1/responses`, `/v1/chat/completions`,
 * `/v1/messages`): the response cache, when enabled, decides for these requests only.
 */
export const ResponseCacheable = (): MethodDecorator => SetMetadata(RESPONSE_CACHEABLE, true);
