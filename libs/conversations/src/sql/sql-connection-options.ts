import type { DataSourceOptions } from 'typeorm';
import type { ConversationsConfig } from '@latticelm/config';

/** What to connect to, and how to name it in messages without the password. */
export interface SqlTarget {
  options: DataSourceOptions;
  /** e.g. "postgres at db.internal:5432/latticelm" — never contains the password */
  description: string;
  /** to scrub from driver error messages */
  secret?: string;
}

const CONNECT_TIMEOUT_MS = 5000;

/**
 * TypeORM switches sqlite3 into verbose mode, which wraps every call to capture a stack trace (a visible share
 * of each write in profiles). This hands TypeORM the module with `verbose()` answering the plain module.
 */
function quietSqlite3(): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when SQLite is configured
  const sqlite3 = require('sqlite3') as object;
  return Object.assign(Object.create(sqlite3) as object, { verbose: () => sqlite3 });
}

/** Turns `conversations.driver` + `conversations.dsn` (the seed's DSN forms) into TypeORM options. */
export function sqlTarget(driver: ConversationsConfig['driver'], dsn: string): SqlTarget {
  switch (driver) {
    case 'sqlite3':
      return sqliteTarget(dsn);
    case 'postgres':
      return postgresTarget(dsn);
    case 'mysql':
      return mysqlTarget(dsn);
  }
}

/** "data/conversations.db", "file:data/c.db?cache=shared" (the Go driver's form), "sqlite://path" or ":memory:". */
function sqliteTarget(dsn: string): SqlTarget {
  const path = dsn.replace(/^sqlite3?:\/\//, '').replace(/^file:/, '').replace(/\?.*$/, '') || ':memory:';
  return {
    description: `sqlite3 at ${path}`,
    // WAL with synchronous=NORMAL (set after connecting): a commit is durable against a crash of the process and
    // costs no fsync; only a power loss can take the last commits. That is the usual setting for a store like this.
    options: { type: 'sqlite', database: path, enableWAL: path !== ':memory:', busyTimeout: 5000, busyErrorRetry: 50, driver: quietSqlite3() },
  };
}

/** postgres://user:password@host:5432/db?sslmode=disable&options=-c%20search_path%3Dschema */
function postgresTarget(dsn: string): SqlTarget {
  const url = parseUrl(dsn, ['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/dbname?sslmode=disable');
  const host = decodeURIComponent(url.hostname) || 'localhost';
  const port = Number(url.port || 5432);
  const database = decodeURIComponent(url.pathname.slice(1)) || undefined;
  const password = decodeURIComponent(url.password);
  const sslmode = url.searchParams.get('sslmode') ?? 'disable';
  const ssl = sslmode === 'disable' || sslmode === 'allow' ? false : sslmode === 'verify-ca' || sslmode === 'verify-full' ? true : { rejectUnauthorized: false };
  const startupOptions = url.searchParams.get('options') ?? undefined;
  const schema = /search_path\s*=\s*([A-Za-z0-9_]+)/.exec(startupOptions ?? '')?.[1];
  return {
    description: `postgres at ${host}:${port}${database ? `/${database}` : ''}`,
    secret: password || undefined,
    options: {
      type: 'postgres',
      host,
      port,
      username: decodeURIComponent(url.username) || undefined,
      password: password || undefined,
      database,
      schema,
      ssl,
      applicationName: url.searchParams.get('application_name') ?? 'latticelm',
      extra: { connectionTimeoutMillis: CONNECT_TIMEOUT_MS, ...(startupOptions ? { options: startupOptions } : {}) },
    },
  };
}

/** Go's `user:password@tcp(host:3306)/dbname?parseTime=true`, or `mysql://user:password@host:3306/dbname`. */
function mysqlTarget(dsn: string): SqlTarget {
  const parts = /^[a-z]+:\/\//i.test(dsn) ? mysqlUrlParts(dsn) : mysqlGoParts(dsn);
  const tls = parts.params.get('tls');
  const endpoint = parts.socketPath ?? `${parts.host}:${parts.port}`;
  return {
    description: `mysql at ${endpoint}${parts.database ? `/${parts.database}` : ''}`,
    secret: parts.password || undefined,
    options: {
      type: 'mysql',
      host: parts.host,
      port: parts.port,
      socketPath: parts.socketPath,
      username: parts.user || undefined,
      password: parts.password || undefined,
      database: parts.database || undefined,
      charset: 'utf8mb4',
      connectTimeout: CONNECT_TIMEOUT_MS,
      ssl: tls === 'true' ? {} : tls === 'skip-verify' || tls === 'preferred' ? { rejectUnauthorized: false } : undefined,
    },
  };
}

interface MysqlParts {
  user: string;
  password: string;
  host: string;
  port: number;
  socketPath?: string;
  database: string;
  params: URLSearchParams;
}

function mysqlUrlParts(dsn: string): MysqlParts {
  const url = parseUrl(dsn, ['mysql:', 'mariadb:'], 'mysql://user:password@host:3306/dbname');
  return {
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    host: decodeURIComponent(url.hostname) || 'localhost',
    port: Number(url.port || 3306),
    database: decodeURIComponent(url.pathname.slice(1)),
    params: url.searchParams,
  };
}

/** Like go-sql-driver/mysql: the last '/' starts the database, the last '@' before it ends the credentials. */
function mysqlGoParts(dsn: string): MysqlParts {
  const [beforeQuery, query = ''] = splitOnce(dsn, '?');
  const slash = beforeQuery.lastIndexOf('/');
  if (slash === -1) throw new Error('conversations.dsn for mysql must look like "user:password@tcp(host:3306)/dbname" or "mysql://user:password@host:3306/dbname"');
  const database = beforeQuery.slice(slash + 1);
  const head = beforeQuery.slice(0, slash);
  const at = head.lastIndexOf('@');
  const [user, password = ''] = at === -1 ? ['', ''] : splitOnce(head.slice(0, at), ':');
  const address = at === -1 ? head : head.slice(at + 1);
  const match = /^(tcp|unix)?\(([^)]*)\)$/.exec(address);
  const protocol = match?.[1] ?? 'tcp';
  const location = match ? match[2] : address;
  if (protocol === 'unix') return { user, password, host: 'localhost', port: 3306, socketPath: location, database, params: new URLSearchParams(query) };
  const [host, port] = location.includes(':') ? splitOnce(location, ':', true) : [location, '3306'];
  return { user, password, host: host || '127.0.0.1', port: Number(port || 3306), database, params: new URLSearchParams(query) };
}

function parseUrl(dsn: string, protocols: string[], example: string): URL {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw new Error(`conversations.dsn is not a valid URL; expected ${example}`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`conversations.dsn must start with ${protocols.map((p) => `${p}//`).join(' or ')}; expected ${example}`);
  return url;
}

function splitOnce(text: string, separator: string, fromEnd = false): [string, string?] {
  const index = fromEnd ? text.lastIndexOf(separator) : text.indexOf(separator);
  return index === -1 ? [text] : [text.slice(0, index), text.slice(index + 1)];
}
