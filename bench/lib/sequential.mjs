// Sequential latency on one keep-alive connection per target, the targets interleaved request by request
// (direct, sdk-only, portkey, gateway, …, direct, …) so machine noise lands on all alike; a target's added
// latency is the paired difference to the direct request of the same turn. CPU per request is each server
// process's CPU over the phase divided by the requests it served (the fake serves every target's upstream call).
import { keepAliveAgent, timedPost } from './http-client.mjs';
import { cpuMs } from './processes.mjs';
import { nsToMs, pairedDifference, summarize } from './stats.mjs';

async function expectOk(target) {
  const result = await timedPost(target, target.body);
  if (result.status !== 200) throw new Error(`${target.id}: HTTP ${result.status}: ${result.text.slice(0, 300)}`);
  return nsToMs(result.totalNs);
}

/** `targets[0]` is the direct baseline; one target per server process (see onePerProcess). */
export async function measureSequential(targets, requests) {
  const connected = targets.map((target) => ({ ...target, agent: keepAliveAgent(1) }));
  const [direct] = connected;
  try {
    const warmupRequests = Math.ceil(Math.min(200, requests / 10));
    for (let index = 0; index < warmupRequests; index += 1) for (const target of connected) await expectOk(target);
    const before = connected.map((target) => cpuMs(target.pid));
    const times = connected.map(() => []);
    for (let index = 0; index < requests; index += 1) {
      for (let at = 0; at < connected.length; at += 1) times[at].push(await expectOk(connected[at]));
    }
    const byTarget = {};
    connected.forEach((target, at) => {
      const served = target === direct ? requests * connected.length : requests;
      byTarget[target.id] = {
        label: target.label,
        ms: summarize(times[at]),
        addedMs: target === direct ? undefined : summarize(pairedDifference(times[at], times[0])),
        cpuUsPerRequest: Math.round(((cpuMs(target.pid) - before[at]) * 1000) / served),
      };
    });
    return { requests, warmupRequests, order: connected.map((target) => target.id), byTarget };
  } finally {
    for (const target of connected) target.agent.destroy();
  }
}
