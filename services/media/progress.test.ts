import { describe, expect, it } from 'vitest';
import {
  createProgressReporter,
  initialProgress,
  parseProgressLine,
  progressFraction,
  type FfmpegProgress,
} from './progress';

// Captured from `ffmpeg 5.1 -progress pipe:1 -nostats` transcoding a 2 s HEVC MOV to H.264.
const REAL_OUTPUT = `frame=1
fps=0.00
stream_0_0_q=0.0
bitrate=   9.0kbits/s
total_size=48
out_time_us=42667
out_time_ms=42667
out_time=00:00:00.042667
dup_frames=0
drop_frames=0
speed= 7.1x
progress=continue
frame=50
fps=0.00
stream_0_0_q=-1.0
bitrate= 280.0kbits/s
total_size=70187
out_time_us=2005333
out_time_ms=2005333
out_time=00:00:02.005333
dup_frames=0
drop_frames=0
speed=25.6x
progress=end
`;

function fold(lines: string[]): FfmpegProgress {
  return lines.reduce((state, line) => parseProgressLine(line, state), initialProgress);
}

describe('parseProgressLine', () => {
  it('reads the output time, frame and speed of a real block', () => {
    const state = fold(REAL_OUTPUT.split('\n').slice(0, 12));
    expect(state).toMatchObject({ outTimeS: 0.042667, frame: 1, speed: 7.1, blockComplete: true, done: false });
  });

  it('marks the end block as done and full', () => {
    const state = fold(REAL_OUTPUT.split('\n'));
    expect(state.done).toBe(true);
    expect(state.outTimeS).toBeCloseTo(2.005333, 6);
    expect(progressFraction(state, 2)).toBe(1);
  });

  it('ignores N/A values and keeps the previous value', () => {
    const before = fold(['out_time_us=1500000']);
    const after = fold(['out_time_us=1500000', 'out_time_us=N/A', 'out_time=N/A', 'bitrate=N/A', 'speed=N/A']);
    expect(after.outTimeS).toBe(before.outTimeS);
    expect(after.speed).toBeUndefined();
  });

  it('clamps the negative start values some ffmpeg builds print to zero', () => {
    // Real lines from ffmpeg 4.x/5.x at the first block of some inputs.
    expect(fold(['out_time_us=-9223372036854775807']).outTimeS).toBe(0);
    expect(fold(['out_time=-577014:32:22.775808']).outTimeS).toBe(0);
    expect(fold(['out_time=-00:00:00.023220']).outTimeS).toBe(0);
  });

  it('parses out_time when the microsecond keys are absent', () => {
    expect(fold(['out_time=01:02:03.500000']).outTimeS).toBeCloseTo(3723.5, 6);
  });

  it('treats "speed=   0x" and garbage lines calmly', () => {
    const state = fold(['speed=   0x', 'garbage', '=', 'frame=abc']);
    expect(state.speed).toBe(0);
    expect(state.frame).toBeUndefined();
  });

  it('only completes a block on the progress= line', () => {
    expect(fold(['frame=3']).blockComplete).toBe(false);
    expect(fold(['frame=3', 'progress=continue']).blockComplete).toBe(true);
  });
});

describe('progressFraction', () => {
  it('is the share of the duration, clamped to 0..1', () => {
    expect(progressFraction({ ...initialProgress, outTimeS: 30 }, 120)).toBe(0.25);
    expect(progressFraction({ ...initialProgress, outTimeS: 500 }, 120)).toBe(1);
    expect(progressFraction({ ...initialProgress, outTimeS: 10 }, 0)).toBe(0);
  });
});

describe('createProgressReporter', () => {
  it('reports once per block, across arbitrary chunk boundaries, never going backwards', () => {
    const seen: number[] = [];
    const feed = createProgressReporter(2.005333, (f) => seen.push(f));
    const text = REAL_OUTPUT + 'out_time_us=1000\nprogress=continue\n';
    for (let i = 0; i < text.length; i += 7) feed(Buffer.from(text.slice(i, i + 7)));
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBeCloseTo(0.042667 / 2.005333, 5);
    expect(seen[1]).toBe(1);
  });
});
