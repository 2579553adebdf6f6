// A chart as a figure: caption, a legend in words, the drawing (uPlot, loaded on first use) and the
// same numbers as a table (folded on screen, open in print and for screen readers). The drawing is a
// picture for sighted readers only (role="img" with a one-line summary); the table carries the data.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChartSpec, DrawnChart } from './uplot-chart';

export type { ChartSpec };

type ChartModule = typeof import('./uplot-chart');
let loading: Promise<ChartModule> | null = null;
function loadChart(): Promise<ChartModule> {
  loading ??= import('./uplot-chart').catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

export interface ChartProps {
  id: string;
  caption: string;
  /** One sentence for screen readers: what the picture shows. */
  summary: string;
  spec: ChartSpec;
  /** "数据表" / "The numbers": the table's disclosure. */
  tableLabel: string;
  /** Header of the label column ("周" / "Week"). */
  bucketHeader: string;
  /** How a line's value reads in the table (rates: "85.7%" or "—"). */
  formatLine?: (v: number | null) => string;
  height?: number;
}

export function Chart({ id, caption, summary, spec, tableLabel, bucketHeader, formatLine, height = 200 }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let drawn: DrawnChart | null = null;
    let live = true;
    let observer: ResizeObserver | null = null;
    loadChart().then(
      (m) => {
        const el = box.current;
        if (!live || !el) return;
        try {
          drawn = m.drawChart(el, spec, Math.max(240, el.clientWidth || 320), height);
        } catch {
          setFailed(true); // no canvas here: the summary and the table still say it all
          return;
        }
        if (typeof ResizeObserver !== 'undefined') {
          let last = el.clientWidth;
          observer = new ResizeObserver(() => {
            const w = el.clientWidth;
            if (w > 0 && w !== last) {
              last = w;
              drawn?.setWidth(Math.max(240, w));
            }
          });
          observer.observe(el);
        }
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
      observer?.disconnect();
      drawn?.destroy();
    };
  }, [spec, height]);

  const lineText = formatLine ?? ((v: number | null) => (v === null ? '—' : String(v)));
  const lines = spec.lines ?? [];
  return (
    <figure class="chart" data-chart={id}>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      <ul class="chart-legend">
        {spec.bars.map((b) => (
          <li key={b.label}>
            <span class={b.striped ? 'swatch swatch-striped' : 'swatch'} style={{ '--swatch': b.color }} aria-hidden="true" />
            {b.label}
          </li>
        ))}
        {lines.map((l, i) => (
          <li key={l.label}>
            <span class={`swatch-line swatch-line-${i}`} style={{ '--swatch': l.color }} aria-hidden="true" />
            {l.label}
          </li>
        ))}
        {spec.markerLabel && spec.markerIndex != null && (
          <li>
            <span class="swatch-marker" aria-hidden="true" />
            {spec.markerLabel}
          </li>
        )}
      </ul>
      {/* uPlot owns this element's children. */}
      <div class="chart-plot" role="img" aria-label={summary} style={{ minHeight: failed ? undefined : `${height}px` }} ref={box} data-chart-plot={id} />
      {failed && <p class="muted small">{summary}</p>}
      <details class="chart-table">
        <summary>{tableLabel}</summary>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{bucketHeader}</th>
                {spec.bars.map((b) => (
                  <th key={b.label} scope="col" class="num">
                    {b.label}
                  </th>
                ))}
                {lines.map((l) => (
                  <th key={l.label} scope="col" class="num">
                    {l.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {spec.labels.map((label, i) => (
                <tr key={i}>
                  <th scope="row">{label}</th>
                  {spec.bars.map((b) => (
                    <td key={b.label} class="num">
                      {b.values[i] ?? ''}
                    </td>
                  ))}
                  {lines.map((l) => (
                    <td key={l.label} class="num">
                      {lineText(l.values[i] ?? null)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
