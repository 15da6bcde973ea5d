import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { testMediaBinaries } from '../tests/support/test-media';

export interface Series {
  name: string;
  unit: 'ms';
  samples: number[];
  median: number;
  min: number;
  max: number;
  p95: number;
}

export interface CaseResult {
  id: string;
  title: string;
  /** The measured series; the first named baseline (if any) is what ratios compare against. */
  series: Series[];
  baseline?: string;
  /** Ratio of each series' median to the baseline's median. */
  ratios?: Record<string, number>;
  target?: { description: string; met: boolean };
  /** A figure with no target (shown in the target column, never counted as met). */
  reported?: string;
  notes?: Record<string, unknown>;
}

export function summarise(name: string, samples: number[]): Series {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  const mid = s.length / 2;
  const median = s.length % 2 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2;
  return { name, unit: 'ms', samples, median, min: s[0]!, max: s[s.length - 1]!, p95: at(0.95) };
}

/** Runs fn `runs` times (after `warmup` unmeasured runs) and returns the timings. */
export async function measure(
  name: string,
  fn: () => Promise<unknown> | unknown,
  runs: number,
  warmup = 0,
): Promise<Series> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarise(name, samples);
}

/** Alternates baseline and candidate so machine noise hits both alike. */
export async function measurePair(
  a: [string, () => Promise<unknown> | unknown],
  b: [string, () => Promise<unknown> | unknown],
  runs: number,
): Promise<[Series, Series]> {
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [fn, out] of [
      [a[1], sa],
      [b[1], sb],
    ] as const) {
      const t = performance.now();
      await fn();
      out.push(performance.now() - t);
    }
  }
  return [summarise(a[0], sa), summarise(b[0], sb)];
}

export function withRatios(r: CaseResult): CaseResult {
  if (!r.baseline) return r;
  const base = r.series.find((s) => s.name === r.baseline);
  if (!base) return r;
  r.ratios = Object.fromEntries(r.series.map((s) => [s.name, s.median / base.median]));
  return r;
}

export function machine() {
  const bins = testMediaBinaries();
  const firstLine = (bin: string) => execFileSync(bin, ['-version'], { encoding: 'utf8' }).split('\n')[0];
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    ffmpeg: firstLine(bins.ffmpeg),
    ffprobe: firstLine(bins.ffprobe),
  };
}

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

export function printTable(results: CaseResult[]): void {
  const rows: string[][] = [['case', 'series', 'median', 'min', 'max', 'p95', 'ratio', 'target']];
  for (const r of results) {
    r.series.forEach((s, i) => {
      const ratio = r.ratios?.[s.name];
      rows.push([
        i === 0 ? r.id : '',
        s.name + (s.name === r.baseline ? ' (baseline)' : ''),
        fmt(s.median),
        fmt(s.min),
        fmt(s.max),
        fmt(s.p95),
        ratio === undefined ? '' : `${ratio.toFixed(2)}x`,
        i !== 0 ? '' : r.target ? `${r.target.met ? 'met' : 'MISSED'}: ${r.target.description}` : (r.reported ?? ''),
      ]);
    });
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
