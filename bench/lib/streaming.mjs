// Streaming: time to first SSE event and to the end of the stream per target, sequential streams on one
// keep-alive connection per target, interleaved stream by stream; a target's added TTFE is the paired
// difference to the direct stream of the same turn (the fake's first byte as the client sees it). CPU per
// stream and per streamed event is each server process's CPU over the phase divided by what it sent.
import { keepAliveAgent, timedPost } from './http-client.mjs';
import { cpuMs } from './processes.mjs';
import { nsToMs, pairedDifference, summarize } from './stats.mjs';

async function oneStream(target) {
  const result = await timedPost(target, target.streamBody, { stream: true });
  if (result.status !== 200) throw new Error(`${target.id} stream: HTTP ${result.status}: ${result.text.slice(0, 300)}`);
  if (result.firstEventNs === undefined || !result.text.includes('response.completed')) {
    throw new Error(`${target.id} stream ended without response.completed: ${result.text.slice(-300)}`);
  }
  return { ttfe: nsToMs(result.firstEventNs), total: nsToMs(result.totalNs), events: result.text.match(/^data:/gm)?.length ?? 0 };
}

/** `targets[0]` is the direct baseline; one target per server process (see onePerProcess). */
export async function measureStreaming(targets, streams) {
  const connected = targets.map((target) => ({ ...target, agent: keepAliveAgent(1) }));
  const [direct] = connected;
  try {
    const warmupRequests = Math.ceil(Math.min(50, streams / 5));
    for (let index = 0; index < warmupRequests; index += 1) for (const target of connected) await oneStream(target);
    const before = connected.map((target) => cpuMs(target.pid));
    const runs = connected.map(() => []);
    for (let index = 0; index < streams; index += 1) {
      for (let at = 0; at < connected.length; at += 1) runs[at].push(await oneStream(connected[at]));
    }
    const ttfe = runs.map((list) => list.map((run) => run.ttfe));
    const total = runs.map((list) => list.map((run) => run.total));
    const byTarget = {};
    connected.forEach((target, at) => {
      const events = runs[at].reduce((sum, run) => sum + run.events, 0);
      // the fake sends every target's upstream stream
      const upstreamShare = target === direct ? connected.length : 1;
      const cpuUs = (cpuMs(target.pid) - before[at]) * 1000;
      byTarget[target.id] = {
        label: target.label,
        eventsPerStream: runs[at][0]?.events,
        ttfeMs: summarize(ttfe[at]),
        completionMs: summarize(total[at]),
        ttfeAddedMs: target === direct ? undefined : summarize(pairedDifference(ttfe[at], ttfe[0])),
        completionAddedMs: target === direct ? undefined : summarize(pairedDifference(total[at], total[0])),
        cpuUsPerStream: Math.round(cpuUs / (streams * upstreamShare)),
        cpuUsPerEvent: events ? Math.round((cpuUs / (events * upstreamShare)) * 10) / 10 : NaN,
      };
    });
    return { streams, warmupRequests, order: connected.map((target) => target.id), byTarget };
  } finally {
    for (const target of connected) target.agent.destroy();
  }
}
