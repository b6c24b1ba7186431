import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'latticelm:public';

/** Marks a controller or handler as reachable without a token even when auth is on (probes, the admin page). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC, true);
