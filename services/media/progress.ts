/**
 * Parser for `ffmpeg -progress pipe:1 -nostats` output: blocks of `key=value` lines, each block
 * ending with `progress=continue` or `progress=end`. Pure so it can be tested on captured output.
 */

export interface FfmpegProgress {
  /** Output position in seconds; the basis of the fraction. */
  outTimeS?: number;
  frame?: number;
  /** Encoding speed relative to real time (e.g. 4.2 for "4.2x"). */
  speed?: number;
  /** True on the line that ends a block: the snapshot is then complete and worth reporting. */
  blockComplete: boolean;
  /** True once ffmpeg wrote `progress=end`. */
  done: boolean;
}

export const initialProgress: FfmpegProgress = { blockComplete: false, done: false };

function finiteOrUndefined(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

/** "00:01:02.500000" or "-00:00:00.023220" → seconds. */
function parseClock(text: string): number | undefined {
  const m = /^(-)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text);
  if (!m) return undefined;
  const s = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
  return m[1] ? -s : s;
}

/**
 * Folds one output line into the previous snapshot. Unknown keys and "N/A" values leave the
 * snapshot unchanged. `out_time_ms` is (despite its name) microseconds, like `out_time_us`.
 */
export function parseProgressLine(line: string, previous: FfmpegProgress): FfmpegProgress {
  const next: FfmpegProgress = { ...previous, blockComplete: false };
  const eq = line.indexOf('=');
  if (eq <= 0) return next;
  const key = line.slice(0, eq).trim();
  const value = line.slice(eq + 1).trim();
  if (value === 'N/A' || value === '') return next;

  switch (key) {
    case 'out_time_us':
    case 'out_time_ms': {
      const us = finiteOrUndefined(Number(value));
      if (us !== undefined) next.outTimeS = Math.max(0, us / 1e6);
      break;
    }
    case 'out_time': {
      const s = parseClock(value);
      if (s !== undefined) next.outTimeS = Math.max(0, s);
      break;
    }
    case 'frame': {
      const frame = finiteOrUndefined(Number.parseInt(value, 10));
      if (frame !== undefined) next.frame = frame;
      break;
    }
    case 'speed': {
      const speed = finiteOrUndefined(Number.parseFloat(value.replace(/x$/, '')));
      if (speed !== undefined) next.speed = speed;
      break;
    }
    case 'progress':
      next.blockComplete = true;
      next.done = value === 'end';
      break;
  }
  return next;
}

/** Fraction 0..1 of a job whose output will be durationS long; 1 once ffmpeg says "end". */
export function progressFraction(progress: FfmpegProgress, durationS: number): number {
  if (progress.done) return 1;
  if (!(durationS > 0) || progress.outTimeS === undefined) return 0;
  return Math.min(1, Math.max(0, progress.outTimeS / durationS));
}

/**
 * Splits a stdout stream into lines and reports the fraction once per completed block, never
 * going backwards (ffmpeg's out_time can dip when audio and video interleave).
 */
export function createProgressReporter(durationS: number, onFraction: (fraction: number) => void) {
  let state = initialProgress;
  let partial = '';
  let last = -1;
  return (chunk: Buffer | string): void => {
    const lines = (partial + chunk.toString()).split(/\r?\n/);
    partial = lines.pop() ?? '';
    for (const line of lines) {
      state = parseProgressLine(line, state);
      if (!state.blockComplete) continue;
      const fraction = progressFraction(state, durationS);
      if (fraction > last) {
        last = fraction;
        onFraction(fraction);
      }
    }
  };
}
