import type { RedisOptions } from 'ioredis';

export interface RedisTarget {
  options: RedisOptions;
  /** e.g. "redis at cache.internal:6379/0" — never the password */
  description: string;
  secret?: string;
}

/** redis://[:password@]host:6379/0 or rediss:// (TLS), as in the seed's config. */
export function redisTarget(dsn: string): RedisTarget {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw new Error('conversations.dsn is not a valid URL; expected redis://:password@host:6379/0');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('conversations.dsn must start with redis:// or rediss:// for store "redis"');
  const host = decodeURIComponent(url.hostname) || '127.0.0.1';
  const port = Number(url.port || 6379);
  const dbText = url.pathname.replace(/^\//, '') || '0';
  const db = Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new Error(`conversations.dsn names database "${dbText}"; Redis databases are numbers`);
  const password = decodeURIComponent(url.password);
  return {
    description: `redis at ${host}:${port}/${db}`,
    secret: password || undefined,
    options: {
      host,
      port,
      db,
      username: decodeURIComponent(url.username) || undefined,
      password: password || undefined,
      tls: url.protocol === 'rediss:' ? {} : undefined,
      connectTimeout: 5000,
      // A request fails fast (→ 503) instead of queueing forever while Redis is away; ioredis keeps reconnecting.
      maxRetriesPerRequest: 1,
      lazyConnect: true,
    },
  };
}
