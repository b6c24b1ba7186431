import { randomUUID } from 'node:crypto';

/** A client's X-Request-Id is kept only when it is short and plain, so it cannot inject into logs or headers. */
const ACCEPTED = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && ACCEPTED.test(value) ? value : randomUUID();
}
