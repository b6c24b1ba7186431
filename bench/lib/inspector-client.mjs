// Talks to bench/inspector-preload.cjs inside the gateway over the child's IPC channel.

export function askGateway(handle, message, reply, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      handle.child.off('message', onMessage);
      reject(new Error(`gateway did not answer ${message.type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (answer) => {
      if (answer?.type !== reply && answer?.type !== 'profile-error') return;
      clearTimeout(timer);
      handle.child.off('message', onMessage);
      if (answer.type === 'profile-error') reject(new Error(answer.message));
      else resolve(answer);
    };
    handle.child.on('message', onMessage);
    handle.child.send(message);
  });
}

const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** Heap after a forced full GC, in MB: what is really retained. */
export async function heapAfterGc(handle) {
  const { memory } = await askGateway(handle, { type: 'heap' }, 'heap');
  return { heapUsedMb: mb(memory.heapUsed), heapTotalMb: mb(memory.heapTotal), externalMb: mb(memory.external), rssAfterGcMb: mb(memory.rss) };
}
