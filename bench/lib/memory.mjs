// The gateway's resident memory across a long non-streaming run: VmRSS before the run and every
// `requests / samples` completed responses (read from /proc while the load is on), plus the heap left after a
// forced full GC before and after the run (or at every sample with gcAtSamples, which helps V8 and so lowers
// the RSS curve) — RSS that grows while the post-GC heap stays level is V8/allocator slack, a post-GC heap that
// grows with the request count is memory the gateway keeps.
import { heapAfterGc } from './inspector-client.mjs';
import { rssMb } from './processes.mjs';
import { runAutocannon, throughputOf } from './throughput.mjs';

/** "Flat": after the first in-run sample, RSS may not grow by more than this share (GC and allocator noise). */
export const FLAT_TOLERANCE = 0.1;

export async function measureRss(gateway, body, { connections, requests, samples, handle, gcAtSamples = false }) {
  const every = Math.max(1, Math.floor(requests / samples));
  const started = Date.now();
  const points = [{ requests: 0, atSeconds: 0, rssMb: rssMb(handle.pid), heap: heapAfterGc(handle) }];
  let completed = 0;
  const instance = runAutocannon(gateway, body, { connections, amount: requests });
  instance.on('response', () => {
    completed += 1;
    if (completed % every !== 0) return;
    // RSS first (the natural state), then the GC that measures what is retained.
    const rss = rssMb(handle.pid);
    points.push({ requests: completed, atSeconds: (Date.now() - started) / 1000, rssMb: rss, heap: gcAtSamples || completed >= requests ? heapAfterGc(handle) : undefined });
  });
  const load = throughputOf(await instance);
  const lastPoint = points.at(-1);
  lastPoint.heap ??= heapAfterGc(handle);
  for (const point of points) point.heap = await point.heap?.catch(() => undefined);
  const inRun = points.slice(1);
  const first = inRun[0] ?? points[0];
  const last = inRun.at(-1) ?? points[0];
  // heap growth: between the first and last in-run samples when each has one, else over the whole run
  const heapFrom = first.heap ? first : points[0];
  const heapGrowth = heapFrom.heap && last.heap ? Math.round((last.heap.heapUsedMb - heapFrom.heap.heapUsedMb) * 10) / 10 : NaN;
  return {
    requests,
    points,
    peakMb: Math.max(...points.map((point) => point.rssMb)),
    growthAfterFirstSampleMb: Math.round((last.rssMb - first.rssMb) * 10) / 10,
    heapGrowthMb: heapGrowth,
    /** retained bytes per request between the first and last in-run samples */
    heapGrowthFromRequests: heapFrom.requests,
    retainedBytesPerRequest: Number.isFinite(heapGrowth) && last.requests > heapFrom.requests ? Math.round((heapGrowth * 1024 * 1024) / (last.requests - heapFrom.requests)) : NaN,
    gcAtSamples,
    flat: last.rssMb <= first.rssMb * (1 + FLAT_TOLERANCE),
    load,
  };
}
