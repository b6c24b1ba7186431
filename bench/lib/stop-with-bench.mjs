// For the bench's child processes: `close` on SIGTERM/SIGINT or when the bench goes away (it talks to its
// children over stdin only to tell them that), then exit — at the latest 2 s later.
export function stopWithBench(close) {
  const stop = () => {
    Promise.resolve()
      .then(close)
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}
