// The profiling pass: a running gateway CPU-profiled (through bench/inspector-preload.cjs) only while autocannon
// loads it with one target's requests.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { summarizeProfile } from '../profile-summary.mjs';
import { askGateway } from './inspector-client.mjs';
import { runAutocannon, throughputOf } from './throughput.mjs';

export async function profileGateway(handle, target, body, { connections, seconds, warmupSeconds, dir, name = 'gateway' }) {
  if (warmupSeconds > 0) await runAutocannon(target, body, { connections, seconds: warmupSeconds });
  const path = join(dir, `${name}-${Date.now()}.cpuprofile`);
  await askGateway(handle, { type: 'profile-start', intervalUs: 200 }, 'profile-started');
  const load = throughputOf(await runAutocannon(target, body, { connections, seconds }));
  await askGateway(handle, { type: 'profile-stop', path }, 'profile-stopped');
  return { path, load, summary: summarizeProfile(JSON.parse(readFileSync(path, 'utf8')), 15) };
}
