/** How the console writes numbers, money, durations and times. Pure: unit-tested in format.spec.ts. */

const DASH = '—';
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : integer.format(value);
}

/** 1234567 → "1.2M": for axes and tiles, where the exact figure is in the table beside. */
export function formatCompact(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? DASH : compact.format(value);
}

/** US dollars: cents from a dollar up, below that four significant digits (a request costs fractions of a cent). */
export function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value === 0) return '$0.00';
  const sign = value < 0 ? '-' : '';
  const amount = Math.abs(value);
  if (amount >= 1) return `${sign}$${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `${sign}$${amount.toPrecision(4).replace(/0+$/, '').replace(/\.$/, '')}`;
}

/** 850 → "850 ms", 1234 → "1.23 s", 61_000 → "1m 1s". */
export function formatMs(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(value / 60_000);
  return `${minutes}m ${Math.round((value % 60_000) / 1000)}s`;
}

/** The API's times are Unix seconds or ISO 8601; both become epoch milliseconds (NaN when neither). */
export function toEpochMs(value: number | string | null | undefined): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string') return /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.NaN;
}

/** "2026-05-04 13:07:09" in UTC (the usage log's buckets are UTC), or a dash. */
export function formatTime(value: number | string | null | undefined): string {
  const ms = toEpochMs(value);
  if (!Number.isFinite(ms)) return DASH;
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

/** "2026-05-04" in UTC, or "never" for a missing expiry. */
export function formatDate(value: number | string | null | undefined, missing = DASH): string {
  const ms = toEpochMs(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : missing;
}
