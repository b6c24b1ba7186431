// A generated one-paragraph reading of the numbers (where the gateway's time goes), so a re-run report never
// carries a stale hand-written interpretation.
const pct = (value) => `${value.toFixed(1)}%`;

export function readingOf(results) {
  const parts = [];
  const { direct, gateway, gatewayStoreFalse } = results.throughput ?? {};
  if (direct && gateway) {
    parts.push(
      `With the same client and ${gateway.connections} connections the fake alone answers ${direct.reqPerSec.toLocaleString('en')} req/s and the gateway in front of it ${gateway.reqPerSec.toLocaleString('en')} req/s (${pct((gateway.reqPerSec / direct.reqPerSec) * 100)} of direct)` +
        (gatewayStoreFalse ? `; with \`store: false\` ${gatewayStoreFalse.reqPerSec.toLocaleString('en')} req/s` : '') +
        (results.memory && results.memoryStoreFalse
          ? ` (the two RSS runs are a second, longer pair: ${results.memory.load.reqPerSec.toLocaleString('en')} req/s stored vs ${results.memoryStoreFalse.load.reqPerSec.toLocaleString('en')} with \`store: false\`).`
          : '.'),
    );
  }
  const gatewayCpu = gateway?.cpuUsPerRequest?.gateway;
  const fakeCpu = direct?.cpuUsPerRequest?.fake;
  if (Number.isFinite(gatewayCpu) && Number.isFinite(fakeCpu)) {
    parts.push(
      `Measured as CPU time, the gateway spends ${gatewayCpu} µs per non-streaming request against ${fakeCpu} µs for the fake upstream to produce the answer, so one gateway process saturates its core at ≈ ${Math.round(1e6 / gatewayCpu).toLocaleString('en')} req/s.`,
    );
  }
  const summary = results.profile?.summary;
  if (summary) {
    const idle = summary.byCategory.filter((c) => c.category.startsWith('(idle)')).reduce((sum, c) => sum + c.selfMs, 0);
    const busyMs = summary.totalMs - idle;
    const perRequestUs = results.profile.load.requests ? (busyMs * 1000) / results.profile.load.requests : NaN;
    const busy = summary.byCategory.filter((c) => !c.category.startsWith('(idle)'));
    const share = (c) => (c.selfMs / busyMs) * 100;
    parts.push(
      `In the CPU profile the gateway's main thread was busy ${pct((busyMs / summary.totalMs) * 100)} of the sampled wall time (≈ ${Math.round(perRequestUs)} µs per request, including any time the thread was preempted). Of that busy time: ` +
        busy.slice(0, 6).map((c) => `${c.category} ${pct(share(c))}`).join(', ') +
        `. The hottest JavaScript/native functions are ${summary.topFunctions
          .filter((f) => !f.function.startsWith('('))
          .slice(0, 5)
          .map((f) => `\`${f.function}\` (${f.package.replace(/^\((.*)\)$/, '$1')}, ${pct(f.percent)})`)
          .join(', ')}. Counting callees, ${summary.inclusiveByCategory.map((c) => `${c.category} is on the stack in ${pct(c.percent)}`).join(', ')} of the samples.`,
    );
  }
  return parts.join(' ');
}
