// The one place that draws with uPlot (a chunk of its own, loaded when a chart first shows): bars for
// counts on the left axis, lines for rates (%) on the right, one label per bucket, and an optional
// marker line before one bucket (a plan's start). Series differ by more than colour: bars after the
// marker are striped, lines are dashed differently, and the legend says which is which in words.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface BarSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Diagonal stripes over the colour (never colour alone). */
  striped?: boolean;
}

export interface LineSeries {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
}

export interface ChartSpec {
  /** One label per bucket (x axis). */
  labels: string[];
  bars: BarSeries[];
  lines?: LineSeries[];
  /** A vertical line just before this bucket. */
  markerIndex?: number | null;
  markerLabel?: string;
  /** Unit written after the right axis' values. */
  rateSuffix?: string;
}

export interface DrawnChart {
  setWidth(width: number): void;
  destroy(): void;
}

const AXIS_FONT = '12px system-ui, sans-serif';
const AXIS_COLOR = '#4a5260';
const GRID_COLOR = '#dde1e7';

function stripes(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  const size = 8 * (devicePixelRatio || 1);
  const tile = document.createElement('canvas');
  tile.width = tile.height = size;
  const c = tile.getContext('2d');
  if (!c) return color;
  c.fillStyle = color;
  c.globalAlpha = 0.35;
  c.fillRect(0, 0, size, size);
  c.globalAlpha = 1;
  c.strokeStyle = color;
  c.lineWidth = size / 4;
  c.beginPath();
  c.moveTo(-size / 2, size / 2);
  c.lineTo(size / 2, -size / 2);
  c.moveTo(0, size);
  c.lineTo(size, 0);
  c.moveTo(size / 2, size * 1.5);
  c.lineTo(size * 1.5, size / 2);
  c.stroke();
  return ctx.createPattern(tile, 'repeat') ?? color;
}

/** Tick positions: every bucket when they fit, else every n-th (always the first). */
function splitsFor(count: number, width: number): number[] {
  const fit = Math.max(1, Math.floor(width / 56));
  const step = Math.max(1, Math.ceil(count / fit));
  const out: number[] = [];
  for (let i = 0; i < count; i += step) out.push(i);
  return out;
}

export function drawChart(el: HTMLElement, spec: ChartSpec, width: number, height: number): DrawnChart {
  const n = spec.labels.length;
  const xs = spec.labels.map((_, i) => i);
  const lines = spec.lines ?? [];
  const suffix = spec.rateSuffix ?? '%';
  const bars = uPlot.paths.bars!({ size: [spec.bars.length > 1 && spec.markerIndex == null ? 0.4 : 0.7, 48], gap: 1 });
  const series: uPlot.Series[] = [{}];
  for (const b of spec.bars) {
    series.push({
      label: b.label,
      scale: 'n',
      stroke: b.color,
      width: 1,
      fill: b.striped ? (u: uPlot) => stripes(u.ctx, b.color) : b.color,
      paths: bars,
      points: { show: false },
    });
  }
  for (const l of lines) {
    series.push({
      label: l.label,
      scale: 'pct',
      stroke: l.color,
      width: 2,
      ...(l.dash ? { dash: l.dash } : {}),
      spanGaps: false,
      points: { show: true, size: 5, fill: l.color },
    });
  }
  const axes: uPlot.Axis[] = [
    {
      scale: 'x',
      font: AXIS_FONT,
      stroke: AXIS_COLOR,
      grid: { show: false },
      ticks: { show: false },
      splits: (u) => splitsFor(n, u.bbox.width / (devicePixelRatio || 1)),
      values: (_u, splits) => splits.map((i) => spec.labels[i] ?? ''),
      gap: 4,
    },
    {
      scale: 'n',
      font: AXIS_FONT,
      stroke: AXIS_COLOR,
      grid: { stroke: GRID_COLOR, width: 1 },
      ticks: { show: false },
      size: 36,
      values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')),
    },
  ];
  if (lines.length > 0) {
    axes.push({
      scale: 'pct',
      side: 1,
      font: AXIS_FONT,
      stroke: AXIS_COLOR,
      grid: { show: false },
      ticks: { show: false },
      size: 44,
      values: (_u, splits) => splits.map((v) => `${v}${suffix}`),
    });
  }
  const maxCount = Math.max(1, ...spec.bars.flatMap((b) => b.values.map((v) => v ?? 0)));
  const marker = spec.markerIndex;
  const opts: uPlot.Options = {
    width,
    height,
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(0.5, n - 0.5)] },
      n: { range: () => [0, Math.ceil(maxCount * 1.15) || 1] },
      pct: { range: () => [0, 100] },
    },
    axes,
    series,
    hooks: {
      draw: [
        (u) => {
          if (marker === null || marker === undefined || marker < 0 || marker >= n) return;
          const x = Math.round(u.valToPos(marker - 0.5, 'x', true));
          const { top, height: h } = u.bbox;
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = '#8a1c14';
          ctx.lineWidth = 2 * (devicePixelRatio || 1);
          ctx.setLineDash([6 * (devicePixelRatio || 1), 4 * (devicePixelRatio || 1)]);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + h);
          ctx.stroke();
          if (spec.markerLabel) {
            ctx.setLineDash([]);
            ctx.fillStyle = '#8a1c14';
            ctx.font = `${12 * (devicePixelRatio || 1)}px system-ui, sans-serif`;
            ctx.textBaseline = 'top';
            ctx.fillText(spec.markerLabel, x + 4 * (devicePixelRatio || 1), top + 2);
          }
          ctx.restore();
        },
      ],
    },
  };
  const data: uPlot.AlignedData = [xs, ...spec.bars.map((b) => b.values), ...lines.map((l) => l.values)];
  const plot = new uPlot(opts, data, el);
  return {
    setWidth: (w) => plot.setSize({ width: w, height }),
    destroy: () => plot.destroy(),
  };
}
