import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sqlTarget } from './sql-connection-options';

describe('sqlTarget (conversations.driver + dsn → TypeORM options)', () => {
  it('reads the seed PostgreSQL URL, keeps sslmode and startup options, and names the host without the password', () => {
    const target = sqlTarget('postgres', 'postgres://gw:p%40ss@db.internal:6543/latticelm?sslmode=require&options=-c%20search_path%3Dgw');
    assert.equal(target.description, 'postgres at db.internal:6543/latticelm');
    assert.equal(target.secret, 'p@ss');
    assert.deepEqual(
      { ...target.options, extra: undefined },
      {
        type: 'postgres',
        host: 'db.internal',
        port: 6543,
        username: 'gw',
        password: 'p@ss',
        database: 'latticelm',
        schema: 'gw',
        ssl: { rejectUnauthorized: false },
        applicationName: 'latticelm',
        extra: undefined,
      },
    );
    assert.equal((target.options as { extra: { options: string } }).extra.options, '-c search_path=gw');
    assert.equal((sqlTarget('postgres', 'postgresql://h/db?sslmode=disable').options as { ssl: unknown; port: number }).ssl, false);
  });

  it("reads the Go driver's MySQL DSN (the seed's form), including passwords with '@' and unix sockets", () => {
    const target = sqlTarget('mysql', 'user:p@ss:word@tcp(db:3307)/gateway?parseTime=true');
    assert.equal(target.description, 'mysql at db:3307/gateway');
    assert.equal(target.secret, 'p@ss:word');
    const options = target.options as unknown as Record<string, unknown>;
    assert.equal(options.type, 'mysql');
    assert.equal(options.host, 'db');
    assert.equal(options.port, 3307);
    assert.equal(options.username, 'user');
    assert.equal(options.password, 'p@ss:word');
    assert.equal(options.database, 'gateway');
    const socket = sqlTarget('mysql', 'root@unix(/run/mysqld/mysqld.sock)/db').options as unknown as Record<string, unknown>;
    assert.equal(socket.socketPath, '/run/mysqld/mysqld.sock');
    const bare = sqlTarget('mysql', 'root@tcp(127.0.0.1)/test').options as unknown as Record<string, unknown>;
    assert.equal(bare.port, 3306);
  });

  it('reads mysql:// and mariadb:// URLs', () => {
    const options = sqlTarget('mysql', 'mariadb://u:pw@h:3306/d').options as unknown as Record<string, unknown>;
    assert.deepEqual([options.host, options.port, options.username, options.password, options.database], ['h', 3306, 'u', 'pw', 'd']);
  });

  it('reads SQLite paths, file: DSNs and :memory:', () => {
    assert.equal((sqlTarget('sqlite3', 'data/conversations.db').options as { database: string }).database, 'data/conversations.db');
    assert.equal((sqlTarget('sqlite3', 'file:conv.db?cache=shared&mode=rwc').options as { database: string }).database, 'conv.db');
    assert.equal((sqlTarget('sqlite3', ':memory:').options as { database: string }).database, ':memory:');
  });

  it('rejects a DSN of the wrong shape with an example, and without echoing it', () => {
    assert.throws(() => sqlTarget('postgres', 'host=db user=x password=secret'), (error: Error) => /postgres:\/\/user:password@host/.test(error.message) && !error.message.includes('secret'));
    assert.throws(() => sqlTarget('postgres', 'mysql://u:secret@h/d'), /must start with postgres:\/\//);
    assert.throws(() => sqlTarget('mysql', 'nonsense'), /user:password@tcp\(host:3306\)\/dbname/);
  });
});
