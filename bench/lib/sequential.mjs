// Sequential latency on one keep-alive connection per target, direct and through the gateway interleaved
// (direct, gateway, direct, …) so machine noise lands on both alike; the added latency is the paired difference.
import { keepAliveAgent, timedPost } from './http-client.mjs';
import { nsToMs, pairedDifference, summarize } from './stats.mjs';

async function expectOk(target) {
  const result = await timedPost(target, target.body);
  if (result.status !== 200) throw new Error(`${target.name}: HTTP ${result.status}: ${result.text.slice(0, 300)}`);
  return nsToMs(result.totalNs);
}

/** Each target carries its own `body` (the model name differs direct vs gateway). */
export async function measureSequential(direct, gateway, requests) {
  const targets = [direct, gateway].map((target) => ({ ...target, agent: keepAliveAgent(1) }));
  const [directTarget, gatewayTarget] = targets;
  try {
    const warmupRequests = Math.ceil(Math.min(200, requests / 10));
    for (let index = 0; index < warmupRequests; index += 1) {
      await expectOk(directTarget);
      await expectOk(gatewayTarget);
    }
    const directMs = [];
    const gatewayMs = [];
    for (let index = 0; index < requests; index += 1) {
      directMs.push(await expectOk(directTarget));
      gatewayMs.push(await expectOk(gatewayTarget));
    }
    const direct = summarize(directMs);
    const gateway = summarize(gatewayMs);
    return {
      requests,
      warmupRequests,
      directMs: direct,
      gatewayMs: gateway,
      addedMs: { ...summarize(pairedDifference(gatewayMs, directMs)), meanOfDifference: gateway.mean - direct.mean },
    };
  } finally {
    for (const target of targets) target.agent.destroy();
  }
}
