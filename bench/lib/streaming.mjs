// Streaming: time to first SSE event and to the end of the stream, direct vs through the gateway, interleaved
// sequential streams on keep-alive connections; the gateway's added TTFE is the paired difference.
import { keepAliveAgent, timedPost } from './http-client.mjs';
import { nsToMs, pairedDifference, summarize } from './stats.mjs';

async function oneStream(target) {
  const result = await timedPost(target, target.body, { stream: true });
  if (result.status !== 200) throw new Error(`${target.name} stream: HTTP ${result.status}: ${result.text.slice(0, 300)}`);
  if (result.firstEventNs === undefined || !result.text.includes('response.completed')) {
    throw new Error(`${target.name} stream ended without response.completed: ${result.text.slice(-300)}`);
  }
  return { ttfe: nsToMs(result.firstEventNs), total: nsToMs(result.totalNs), events: result.text.match(/^data:/gm)?.length ?? 0 };
}

/** Each target carries its own streaming `body`. */
export async function measureStreaming(direct, gateway, streams) {
  const targets = [direct, gateway].map((target) => ({ ...target, agent: keepAliveAgent(1) }));
  const [directTarget, gatewayTarget] = targets;
  try {
    const warmupRequests = Math.ceil(Math.min(50, streams / 5));
    for (let index = 0; index < warmupRequests; index += 1) {
      await oneStream(directTarget);
      await oneStream(gatewayTarget);
    }
    const d = [];
    const g = [];
    for (let index = 0; index < streams; index += 1) {
      d.push(await oneStream(directTarget));
      g.push(await oneStream(gatewayTarget));
    }
    const ttfeDirect = d.map((run) => run.ttfe);
    const ttfeGateway = g.map((run) => run.ttfe);
    const doneDirect = d.map((run) => run.total);
    const doneGateway = g.map((run) => run.total);
    return {
      streams,
      /** gateway streams, for CPU per request */
      requests: streams,
      warmupRequests,
      eventsPerStream: { direct: d[0]?.events, gateway: g[0]?.events },
      ttfeMs: { direct: summarize(ttfeDirect), gateway: summarize(ttfeGateway), added: summarize(pairedDifference(ttfeGateway, ttfeDirect)) },
      completionMs: { direct: summarize(doneDirect), gateway: summarize(doneGateway), added: summarize(pairedDifference(doneGateway, doneDirect)) },
    };
  } finally {
    for (const target of targets) target.agent.destroy();
  }
}
