#!/usr/bin/env node
// The image's HEALTHCHECK. It asks the running gateway's GET /health on the address the gateway itself resolved:
// the gateway's own config loader is run over the gateway process's argv, environment and working directory
// (read from /proc), so a port from --config, $LATTICELM_CONFIG, LATTICELM_SERVER__ADDRESS or PORT is followed.
// Exit 0 when /health answers 200, else 1. LATTICELM_HEALTHCHECK_PID names the process (default 1, the entrypoint).
'use strict';
const { readFileSync, readlinkSync } = require('node:fs');
const { isAbsolute, join, resolve, sep } = require('node:path');

const MAIN = join('apps', 'gateway', 'src', 'main.js');

function fail(message) {
  process.stderr.write(`healthcheck: ${message}\n`);
  process.exit(1);
}

function gatewayProcess(pid) {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const env = {};
  for (const entry of readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')) {
    const equals = entry.indexOf('=');
    if (equals > 0) env[entry.slice(0, equals)] = entry.slice(equals + 1);
  }
  const cwd = readlinkSync(`/proc/${pid}/cwd`);
  const scriptIndex = argv.findIndex((arg) => arg.endsWith(MAIN));
  if (scriptIndex < 0) fail(`process ${pid} is not the gateway (${argv.join(' ')})`);
  const script = isAbsolute(argv[scriptIndex]) ? argv[scriptIndex] : resolve(cwd, argv[scriptIndex]);
  return { args: argv.slice(scriptIndex + 1), env, cwd, dist: script.slice(0, -(MAIN.length + sep.length)) };
}

function probeHost(host) {
  if (!host || host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

async function main() {
  const pid = process.env.LATTICELM_HEALTHCHECK_PID || '1';
  let gateway;
  try {
    gateway = gatewayProcess(pid);
  } catch (error) {
    fail(`cannot read process ${pid}: ${error.message}`);
  }
  const { loadConfig } = require(join(gateway.dist, 'libs', 'config', 'src', 'load-config.js'));
  const config = loadConfig({ argv: gateway.args, env: gateway.env, cwd: gateway.cwd });
  const url = `http://${probeHost(config.server.host)}:${config.server.port}/health`;
  const res = await fetch(url, { signal: AbortSignal.timeout(2500) });
  if (res.status !== 200) fail(`${url} answered ${res.status}`);
  process.stdout.write(`healthcheck: ${url} 200\n`);
}

main().catch((error) => fail(error.message));
