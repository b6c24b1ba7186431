export interface SystemInfo {
  name: string;
  version: string;
  started_at: string;
  uptime_seconds: number;
  uptime: string;
  platform: string;
  arch: string;
  node_version: string;
  pid: number;
  config_source: string;
}

export function systemInfo(version: string, startedAt: number, now: number, configSource: string): SystemInfo {
  const uptimeSeconds = Math.max(0, Math.floor((now - startedAt) / 1000));
  return {
    name: 'latticelm',
    version,
    started_at: new Date(startedAt).toISOString(),
    uptime_seconds: uptimeSeconds,
    uptime: formatUptime(uptimeSeconds),
    platform: process.platform,
    arch: process.arch,
    node_version: process.version,
    pid: process.pid,
    config_source: configSource,
  };
}

/** 3725 → "1h 2m 5s"; 59 → "59s". */
export function formatUptime(totalSeconds: number): string {
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [days && `${days}d`, hours && `${hours}h`, minutes && `${minutes}m`].filter(Boolean) as string[];
  return [...parts, `${seconds}s`].join(' ');
}
