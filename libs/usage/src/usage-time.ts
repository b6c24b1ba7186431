/** The usage log's clock arithmetic: UTC days and hours as whole numbers since the epoch. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);

/** "2026-01-05" */
export const formatDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** "2026-01-05T13:00:00Z" */
export const formatHour = (hour: number): string => `${new Date(hour * HOUR_MS).toISOString().slice(0, 13)}:00:00Z`;

/** ISO 8601 with milliseconds, "2026-01-05T13:04:05.123Z" */
export const formatTime = (ms: number): string => new Date(ms).toISOString();

/**
 * The first day still answered from raw records (memory and Redis: from hourly slices) at `now`: every earlier
 * day is older than the retention, and answered from its daily roll-up.
 */
export const firstRawDay = (now: number, retentionMs: number): number => dayOf(now - retentionMs);
