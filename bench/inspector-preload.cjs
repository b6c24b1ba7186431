// Preloaded (--require) into the gateway by the bench: on IPC messages from the bench it starts/stops the V8 CPU
// profiler or the sampling allocation profiler (so a profile covers the measured load window, not start-up) and reports the heap after a full GC
// (to tell a leak from a heap V8 has simply not collected yet). Idle otherwise: no profiler runs until asked.
'use strict';
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

if (typeof process.send === 'function') {
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  process.on('message', async (message) => {
    try {
      if (message?.type === 'profile-start') {
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: message.intervalUs ?? 200 });
        await post('Profiler.start');
        process.send({ type: 'profile-started' });
      } else if (message?.type === 'alloc-start') {
        // every allocation sampled, the collected ones included: where the garbage per request comes from
        await post('HeapProfiler.enable');
        await post('HeapProfiler.startSampling', { samplingInterval: message.intervalBytes ?? 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
        process.send({ type: 'alloc-started' });
      } else if (message?.type === 'alloc-stop') {
        const { profile } = await post('HeapProfiler.stopSampling');
        writeFileSync(message.path, JSON.stringify(profile));
        process.send({ type: 'alloc-stopped', path: message.path });
      } else if (message?.type === 'heap') {
        await post('HeapProfiler.collectGarbage');
        const { heapUsed, heapTotal, external, arrayBuffers, rss } = process.memoryUsage();
        process.send({ type: 'heap', memory: { heapUsed, heapTotal, external, arrayBuffers, rss } });
      } else if (message?.type === 'profile-stop') {
        const { profile } = await post('Profiler.stop');
        writeFileSync(message.path, JSON.stringify(profile));
        process.send({ type: 'profile-stopped', path: message.path });
      }
    } catch (error) {
      process.send({ type: 'profile-error', message: String(error) });
    }
  });
  // The IPC channel must not keep the gateway alive on its own.
  process.channel?.unref?.();
}
