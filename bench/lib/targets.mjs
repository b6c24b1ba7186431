// The targets one run measures side by side (BENCH_TARGETS picks a subset), the server process behind each,
// and a smoke test so a misconfigured target fails loudly instead of as 100% non-2xx.
import { API_KEY, MODEL, UPSTREAM_MODEL, startFake, startGateway, startNestFloor, startSdkOnly } from './gateway-process.mjs';
import { keepAliveAgent, timedPost } from './http-client.mjs';
import { ensurePortkey, portkeyHeaders, startPortkey } from './portkey.mjs';

/** `server`: which process answers; two targets on one server differ only in their request body. */
const DEFINITIONS = [
  { id: 'direct', server: 'fake', label: () => 'the fake upstream alone (direct)', model: UPSTREAM_MODEL },
  { id: 'sdk-only', server: 'sdkOnly', label: () => 'SDK-only floor (node:http + openai SDK on the gateway\'s fetch)', model: UPSTREAM_MODEL },
  { id: 'nest-floor', server: 'nestFloor', label: () => 'NestJS floor (the same SDK call in a one-controller Nest + Express app)', model: UPSTREAM_MODEL },
  { id: 'portkey', server: 'portkey', label: (settings) => `Portkey ${settings.portkeyVersion}`, model: UPSTREAM_MODEL },
  { id: 'gateway', server: 'gateway', label: () => 'latticelm, default configuration (SQLite store)', model: MODEL },
  { id: 'gateway-store-false', server: 'gateway', label: () => 'latticelm, requests with `store: false`', model: MODEL, fields: { store: false } },
  { id: 'gateway-memory', server: 'gatewayMemory', label: () => 'latticelm, `conversations.store: memory`', model: MODEL },
];

export const TARGET_IDS = DEFINITIONS.map((definition) => definition.id);

const body = (fields) => Buffer.from(JSON.stringify({ input: 'Say hello.', ...fields }));

async function startServer(name, settings, fakePort, workDir, log) {
  switch (name) {
    case 'sdkOnly':
      return startSdkOnly(settings, fakePort);
    case 'nestFloor':
      return startNestFloor(settings, fakePort);
    case 'portkey': {
      const { entry } = ensurePortkey(settings, log);
      return startPortkey(settings, entry);
    }
    case 'gateway':
      return startGateway(settings, fakePort, workDir, { label: 'gateway (default config)', store: 'default' });
    case 'gatewayMemory':
      return startGateway(settings, fakePort, workDir, { label: 'gateway (memory store)', store: 'memory' });
    default:
      throw new Error(`no such bench server: ${name}`);
  }
}

function headersFor(server, fakePort) {
  if (server === 'fake') return { authorization: `Bearer ${API_KEY}` };
  if (server === 'portkey') return portkeyHeaders(fakePort);
  return {};
}

/**
 * Starts the fake and every server the chosen targets (plus `extraServers`, e.g. the default gateway for the RSS
 * phase) need, one after the other so their start-ups do not compete. `targets`: the chosen ones in definition
 * order.
 */
export async function startTargets(settings, workDir, log, { extraServers = [] } = {}) {
  const fake = await startFake(settings);
  log(`  fake upstream on :${fake.port} (pid ${fake.handle.pid})`);
  const servers = { fake };
  const chosen = DEFINITIONS.filter((definition) => settings.targets.includes(definition.id));
  for (const name of new Set([...chosen.map((definition) => definition.server), ...extraServers])) {
    if (servers[name]) continue;
    servers[name] = await startServer(name, settings, fake.port, workDir, log);
    log(`  ${servers[name].handle.name} on :${servers[name].port} (pid ${servers[name].handle.pid})`);
  }
  const target = (definition) => ({
    id: definition.id,
    label: definition.label(settings),
    server: definition.server,
    port: servers[definition.server].port,
    pid: servers[definition.server].handle.pid,
    handle: servers[definition.server].handle,
    path: '/v1/responses',
    headers: headersFor(definition.server, fake.port),
    body: body({ model: definition.model, ...definition.fields }),
    streamBody: body({ model: definition.model, ...definition.fields, stream: true }),
  });
  /** every target whose server runs, chosen or not (the RSS phase uses the default gateway either way) */
  const available = Object.fromEntries(DEFINITIONS.filter((definition) => servers[definition.server]).map((definition) => [definition.id, target(definition)]));
  return { fake, servers, targets: chosen.map((definition) => available[definition.id]), available };
}

/** One JSON and one streamed request per target. */
export async function smokeTest(targets) {
  for (const target of targets) {
    const agent = keepAliveAgent(1);
    try {
      for (const stream of [false, true]) {
        const result = await timedPost({ ...target, agent }, stream ? target.streamBody : target.body, { stream });
        const complete = result.text.includes('word0') && (!stream || result.text.includes('response.completed'));
        if (result.status !== 200 || !complete) throw new Error(`smoke test ${target.id}${stream ? ' (stream)' : ''}: HTTP ${result.status}: ${result.text.slice(0, 300)}`);
      }
    } finally {
      agent.destroy();
    }
  }
}

/** One target per server process, for phases that read a process's CPU over interleaved requests. */
export function onePerProcess(targets) {
  const seen = new Set();
  return targets.filter((target) => !seen.has(target.pid) && seen.add(target.pid));
}
