import { useEffect, useRef } from 'react';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import type { ChartSpec } from '../../../../domain/report-charts/chart-configs';
import { useTheme } from '../../theme';

// Only what the report's charts use; Chart.js draws on canvas with no eval or inline styles,
// so the strict Content-Security-Policy holds.
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

/** One chart from the report's shared chart configurations (domain/report-charts/chart-configs.ts). */
export function ChartCanvas({ spec }: { spec: ChartSpec }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useTheme((s) => s.resolved);
  useEffect(() => {
    if (!canvas.current) return undefined;
    // Axis text and grid lines take the theme's colours; the data colours are the report's own.
    const css = getComputedStyle(document.documentElement);
    Chart.defaults.color = css.getPropertyValue('--muted').trim() || Chart.defaults.color;
    Chart.defaults.borderColor = css.getPropertyValue('--line').trim() || Chart.defaults.borderColor;
    // Chart.js mutates the config it is given; the spec object stays as the report built it.
    const chart = new Chart(canvas.current, structuredClone(spec.config));
    return () => chart.destroy();
  }, [spec, theme]);
  return (
    <figure className="report-chart" data-testid={`chart-${spec.id}`}>
      <h3>{spec.title}</h3>
      {/* React sets this through the CSSOM, which the CSP's style-src does not restrict. */}
      <div className="chart-box" style={{ height: spec.height }}>
        <canvas ref={canvas} role="img" aria-label={spec.title} />
      </div>
      <figcaption className="muted">{spec.caption}</figcaption>
    </figure>
  );
}
