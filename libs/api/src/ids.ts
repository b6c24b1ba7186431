import { randomUUID } from 'node:crypto';

export type IdPrefix = 'resp' | 'msg' | 'fc' | 'call' | 'rs' | 'fco';

/** Open Responses style ids: a type prefix and 32 hex characters. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}
