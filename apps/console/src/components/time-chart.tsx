import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { formatTime } from '../format';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

const COLORS = ['#2f6fde', '#d9480f', '#2b8a3e', '#ae3ec9', '#e67700', '#0c8599', '#c2255c', '#5c940d'];
const HEIGHT = 220;

/**
 * A time series chart (uPlot on a canvas) with its numbers in a table beneath, so that the figures are there for
 * screen readers and for reading exactly. Times are Unix seconds, shown in UTC like the usage log's buckets.
 */
export function TimeChart({ title, times, series, format }: { title: string; times: number[]; series: ChartSeries[]; format: (value: number) => string }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = holder.current;
    if (!element) return undefined;
    const options: uPlot.Options = {
      width: Math.max(element.clientWidth, 240),
      height: HEIGHT,
      tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
      // every figure charted is 0 or more: the axis starts at 0, so that a small spread does not look like a big one
      scales: { x: { time: true }, y: { range: (_plot, _min, max) => uPlot.rangeNum(0, max > 0 ? max : 1, 0.1, true) } },
      series: [
        { label: 'time (UTC)', value: (_plot, seconds) => (seconds === null ? '' : formatTime(seconds)) },
        ...series.map((entry, index) => ({
          label: entry.label,
          stroke: COLORS[index % COLORS.length],
          width: 2,
          points: { show: true, size: 4 },
          value: (_plot: uPlot, value: number | null) => (value === null ? '—' : format(value)),
        })),
      ],
      axes: [
        {},
        {
          values: (_plot, ticks) => ticks.map((tick) => format(tick)),
          // wide enough for the longest label ("$0.000005")
          size: (_plot, values) => (values?.length ? Math.max(...values.map((label) => label.length)) * 7 + 18 : 40),
        },
      ],
    };
    const plot = new uPlot(options, [times, ...series.map((entry) => entry.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 240), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, format]);

  const rows = times.map((time, index) => ({ time, values: series.map((entry) => entry.values[index]) })).filter((row) => row.values.some((value) => value !== null && value !== 0));
  return (
    <figure class="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div ref={holder} class="chart-canvas" aria-hidden="true" />
      <details>
        <summary>Figures</summary>
        {rows.length === 0 ? (
          <p class="note empty">No data in this range.</p>
        ) : (
          <div class="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">Time (UTC)</th>
                  {series.map((entry) => (
                    <th scope="col" key={entry.label}>
                      {entry.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.time}>
                    <td>{formatTime(row.time)}</td>
                    {row.values.map((value, index) => (
                      <td key={index}>{value === null ? '—' : format(value)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </figure>
  );
}
