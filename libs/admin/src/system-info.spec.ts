import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatUptime, systemInfo } from './system-info';

describe('system info', () => {
  it('formats the uptime', () => {
    assert.equal(formatUptime(0), '0s');
    assert.equal(formatUptime(59), '59s');
    assert.equal(formatUptime(3725), '1h 2m 5s');
    assert.equal(formatUptime(90_061), '1d 1h 1m 1s');
  });

  it('reports the process and the config source', () => {
    const info = systemInfo('1.2.3', 1_000, 62_500, '/etc/latticelm/config.yaml');
    assert.equal(info.uptime_seconds, 61);
    assert.equal(info.version, '1.2.3');
    assert.equal(info.pid, process.pid);
    assert.equal(info.config_source, '/etc/latticelm/config.yaml');
  });
});
