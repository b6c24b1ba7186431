// Streaming: time to first SSE event and to the end of the stream per target, sequential streams on one
// keep-alive connection per target, interleaved stream by stream; a target's added TTFE is the paired
// difference to the direct stream of the same turn (the fake's first byte as the client sees it). "After the
// upstream's first byte" is measured on one clock: the fake reports when each stream's first bytes went out
// (process.hrtime is the machine's monotonic clock in every process) and the client notes its first event. CPU
// per stream and per streamed event is each server process's CPU over the phase divided by what it sent.
import { keepAliveAgent, timedPost } from './http-client.mjs';
import { cpuMs } from './processes.mjs';
import { nsToMs, pairedDifference, summarize } from './stats.mjs';

async function oneStream(target, upstreamStarts) {
  upstreamStarts.clear();
  const result = await timedPost(target, target.streamBody, { stream: true });
  if (result.status !== 200) throw new Error(`${target.id} stream: HTTP ${result.status}: ${result.text.slice(0, 300)}`);
  if (result.firstEventNs === undefined || !result.text.includes('response.completed')) {
    throw new Error(`${target.id} stream ended without response.completed: ${result.text.slice(-300)}`);
  }
  const upstreamFirstByte = await upstreamStarts.next();
  return {
    ttfe: nsToMs(result.firstEventNs),
    afterUpstream: nsToMs(result.firstEventAt - upstreamFirstByte),
    total: nsToMs(result.totalNs),
    events: result.text.match(/^data:/gm)?.length ?? 0,
  };
}

/**
 * `targets[0]` is the direct baseline; one target per server process (see onePerProcess). `upstreamStarts`: the
 * fake's stream start feed (streamStartFeed).
 */
export async function measureStreaming(targets, streams, upstreamStarts) {
  const connected = targets.map((target) => ({ ...target, agent: keepAliveAgent(1) }));
  const [direct] = connected;
  try {
    const warmupRequests = Math.ceil(Math.min(50, streams / 5));
    for (let index = 0; index < warmupRequests; index += 1) for (const target of connected) await oneStream(target, upstreamStarts);
    const before = connected.map((target) => cpuMs(target.pid));
    const runs = connected.map(() => []);
    for (let index = 0; index < streams; index += 1) {
      for (let at = 0; at < connected.length; at += 1) runs[at].push(await oneStream(connected[at], upstreamStarts));
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
        /** from the upstream's first byte leaving the fake to the client's first event (direct: one loopback hop) */
        afterUpstreamMs: summarize(runs[at].map((run) => run.afterUpstream)),
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
