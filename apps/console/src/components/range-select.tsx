import type { Range } from '../series';

export function RangeSelect({ range, onChange }: { range: Range; onChange: (range: Range) => void }) {
  return (
    <label>
      Range
      <select value={range} onChange={(event) => onChange(event.currentTarget.value as Range)}>
        <option value="24h">Last 24 hours</option>
        <option value="7d">Last 7 days</option>
        <option value="30d">Last 30 days</option>
      </select>
    </label>
  );
}
