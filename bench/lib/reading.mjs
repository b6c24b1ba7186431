// A generated one-paragraph reading of the numbers (where the gateway's time goes), so a re-run report never
// carries a stale hand-written interpretation.
const pct = (value) => `${value.toFixed(1)}%`;
const int = (value) => Math.round(value).toLocaleString('en');

function throughputReading(results) {
  const byTarget = results.throughput?.byTarget;
  if (!byTarget) return [];
  const parts = [];
  const named = Object.entries(byTarget).map(([id, t]) => `${results.targets?.find((target) => target.id === id)?.label ?? id} ${int(t.reqPerSec)} req/s at ${int(t.cpuUsPerRequest.server)} µs CPU/req`);
  parts.push(`Medians over ${results.throughput.rounds} round${results.throughput.rounds > 1 ? 's' : ''} at ${results.throughput.connections} connections: ${named.join('; ')}.`);
  const cpu = (id) => byTarget[id]?.cpuUsPerRequest.server;
  const [gateway, storeFalse, memory, sdk, nest] = [cpu('gateway'), cpu('gateway-store-false'), cpu('gateway-memory'), cpu('sdk-only'), cpu('nest-floor')];
  const split = [];
  if (Number.isFinite(gateway) && Number.isFinite(storeFalse)) split.push(`storing a response in SQLite ≈ ${int(gateway - storeFalse)} µs`);
  if (Number.isFinite(memory) && Number.isFinite(storeFalse)) split.push(`in the memory store ≈ ${int(memory - storeFalse)} µs`);
  if (Number.isFinite(nest) && Number.isFinite(sdk)) split.push(`NestJS + Express themselves (the Nest floor over the SDK-only floor) ≈ ${int(nest - sdk)} µs (${(nest / sdk).toFixed(2)}× the SDK-only server)`);
  if (Number.isFinite(storeFalse) && Number.isFinite(nest)) split.push(`the gateway's own code over the Nest floor (validation, conversion, assembly, routing, breaker, retries, access log) ≈ ${int(storeFalse - nest)} µs`);
  if (Number.isFinite(storeFalse) && Number.isFinite(sdk)) split.push(`the gateway's own layers around the SDK call ≈ ${int(storeFalse - sdk)} µs (${(storeFalse / sdk).toFixed(2)}× the SDK-only server)`);
  if (Number.isFinite(sdk)) split.push(`the SDK call behind a bare node:http server ${int(sdk)} µs`);
  if (split.length) parts.push(`By difference of CPU per request: ${split.join(', ')}.`);
  return parts;
}

function profileReading(profile) {
  const summary = profile?.summary;
  if (!summary) return [];
  const idle = summary.byCategory.filter((c) => c.category.startsWith('(idle)')).reduce((sum, c) => sum + c.selfMs, 0);
  const busyMs = summary.totalMs - idle;
  const perRequestUs = profile.load.requests ? (busyMs * 1000) / profile.load.requests : NaN;
  const busy = summary.byCategory.filter((c) => !c.category.startsWith('(idle)'));
  const share = (c) => (c.selfMs / busyMs) * 100;
  return [
    `In the CPU profile of ${profile.label} the main thread was busy ${pct((busyMs / summary.totalMs) * 100)} of the sampled wall time (≈ ${Math.round(perRequestUs)} µs per request, including any time the thread was preempted). Of that busy time: ` +
      busy.slice(0, 6).map((c) => `${c.category} ${pct(share(c))}`).join(', ') +
      `. The hottest JavaScript/native functions are ${summary.topFunctions
        .filter((f) => !f.function.startsWith('('))
        .slice(0, 5)
        .map((f) => `\`${f.function}\` (${f.package.replace(/^\((.*)\)$/, '$1')}, ${pct(f.percent)})`)
        .join(', ')}. Counting callees, ${summary.inclusiveByCategory.map((c) => `${c.category} is on the stack in ${pct(c.percent)}`).join(', ')} of the samples.`,
  ];
}

export function readingOf(results) {
  return [...throughputReading(results), ...(results.profiles ?? []).flatMap(profileReading)].join(' ');
}
