import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import mysql from 'mysql2/promise';
import type { ConversationsConfig } from '@latticelm/config';
import { ConversationStore, MemoryConversationStore, createConversationStore } from '@latticelm/conversations';
import { runName, serviceSkipReason } from './service-availability';

/** One backing store under test, in its own schema / database / key prefix. */
export interface StoreFixture {
  name: string;
  /** survives close() and reopening on the same DSN */
  persistent: boolean;
  /** creates the isolated namespace; returns a reason to skip when the service is absent */
  prepare(): Promise<string | undefined>;
  config(): ConversationsConfig;
  open(now: () => number): Promise<ConversationStore>;
  cleanup(): Promise<void>;
}

// pg ships no types and @types/pg is not installed; the tests need only this much of it.
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as { Client: new (config: { connectionString: string }) => PgClient };

export const PG_ADMIN_DSN = 'postgres://postgres@127.0.0.1:5432/test';
export const MARIADB = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };

export function baseConfig(overrides: Partial<ConversationsConfig>): ConversationsConfig {
  return {
    enabled: true,
    store: 'memory',
    ttlMs: 3_600_000,
    driver: 'sqlite3',
    dsn: '',
    storeByDefault: true,
    maxChainLength: 100,
    maxItems: 2000,
    memoryMaxEntries: 10_000,
    memoryMaxBytes: 64 * 1024 * 1024,
    sweepIntervalMs: 0,
    keyPrefix: 'latticelm:',
    ...overrides,
  };
}

function fixture(name: string, persistent: boolean, parts: Omit<StoreFixture, 'name' | 'persistent' | 'open'>): StoreFixture {
  return { name, persistent, ...parts, open: (now) => createConversationStore(parts.config(), now) };
}

export function memoryFixture(): StoreFixture {
  return {
    name: 'memory',
    persistent: false,
    prepare: async () => undefined,
    config: () => baseConfig({ store: 'memory' }),
    open: async (now) => new MemoryConversationStore(baseConfig({}), now),
    cleanup: async () => undefined,
  };
}

export function sqliteFixture(): StoreFixture {
  let dir = '';
  return fixture('sqlite', true, {
    prepare: async () => {
      dir = await mkdtemp(join(tmpdir(), 'latticelm-sqlite-'));
      return undefined;
    },
    config: () => baseConfig({ store: 'sql', driver: 'sqlite3', dsn: join(dir, 'data', 'conversations.db') }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  });
}

export function postgresFixture(): StoreFixture {
  const schema = runName('pg');
  return fixture('postgres', true, {
    prepare: async () => {
      const skip = await serviceSkipReason('PostgreSQL', '127.0.0.1', 5432);
      if (!skip) await adminPg(`CREATE SCHEMA ${schema}`);
      return skip;
    },
    config: () => baseConfig({ store: 'sql', driver: 'postgres', dsn: postgresDsn(schema) }),
    cleanup: () => adminPg(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  });
}

/** the test database, with this run's schema first on the search_path */
export function postgresDsn(schema: string): string {
  return `${PG_ADMIN_DSN}?sslmode=disable&options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

export async function adminPg(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_DSN });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function mariadbFixture(): StoreFixture {
  const database = runName('my');
  return fixture('mariadb', true, {
    prepare: async () => {
      const skip = await serviceSkipReason('MariaDB', MARIADB.host, MARIADB.port);
      if (!skip) await adminMysql(`CREATE DATABASE ${database} CHARACTER SET utf8mb4`);
      return skip;
    },
    // The Go driver's DSN form, as in the seed's config example.
    config: () => baseConfig({ store: 'sql', driver: 'mysql', dsn: `${MARIADB.user}@tcp(${MARIADB.host}:${MARIADB.port})/${database}?parseTime=true` }),
    cleanup: () => adminMysql(`DROP DATABASE IF EXISTS ${database}`),
  });
}

export async function adminMysql(sql: string): Promise<void> {
  const connection = await mysql.createConnection({ host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, database: MARIADB.database });
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

export function redisFixture(): StoreFixture {
  const keyPrefix = `${runName('redis')}:`;
  return fixture('redis', true, {
    prepare: () => serviceSkipReason('Redis', '127.0.0.1', 6379),
    config: () => baseConfig({ store: 'redis', dsn: 'redis://127.0.0.1:6379/0', keyPrefix }),
    cleanup: async () => {
      const client = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true, maxRetriesPerRequest: 1 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const keys = await client.keys(`${keyPrefix}*`);
        if (keys.length > 0) await client.del(keys);
      } catch {
        // nothing to clean when Redis is absent
      } finally {
        client.disconnect();
      }
    },
  });
}

export const STORE_FIXTURES = [memoryFixture, sqliteFixture, postgresFixture, mariadbFixture, redisFixture];
