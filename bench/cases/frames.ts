import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { makeLongRecording, testMediaBinaries } from '../../tests/support/test-media';
import { probeRecording } from '../../services/media/probe';
import { sampleFrames } from '../../services/media/sample-frames';
import { FRAME_TOLERANCE_S, KEYFRAME_SNAP_MAX_S } from '../../services/media/frame-plan';
import { runMediaProcess } from '../../services/media/ffmpeg-runner';
import { measurePair, withRatios, type CaseResult } from '../lib';

const COUNT = 64;

interface FramesInput {
  id: string;
  durationS: number;
  width: number;
  height: number;
  gopS: number;
  /** Runs at most (a full decode of ten minutes of 1080p takes 45 s here). */
  maxRuns?: number;
}

/**
 * The bench's 3-minute 720p recordings, and the issue's own sparse case: ten minutes of 1080p with
 * a keyframe every 20 s (64 points fall about two to an interval, so less of the file is decoded).
 */
const INPUTS: FramesInput[] = [
  { id: 'frames-gop2', durationS: 180, width: 1280, height: 720, gopS: 2 },
  { id: 'frames-gop20', durationS: 180, width: 1280, height: 720, gopS: 20 },
  { id: 'frames-gop20-1080p', durationS: 600, width: 1920, height: 1080, gopS: 20, maxRuns: 3 },
];

async function recording(work: string, input: FramesInput): Promise<string> {
  const fileName = `bench-${input.durationS}s-${input.width}x${input.height}-gop${input.gopS}.mp4`;
  const file = join(work, fileName);
  if (existsSync(file)) return file;
  // 'veryfast' gives CABAC and B-frames, closer to phone and lab-camera footage than 'ultrafast'.
  return makeLongRecording(work, {
    durationS: input.durationS,
    width: input.width,
    height: input.height,
    fps: 25,
    gopS: input.gopS,
    preset: 'veryfast',
    fileName,
  });
}

/** Case 1: 64 frames from each recording vs a one-pass full decode with the fps filter. */
export async function framesCase(work: string, runs: number): Promise<CaseResult[]> {
  const bin = testMediaBinaries();
  const out: CaseResult[] = [];
  for (const input of INPUTS) {
    const { gopS } = input;
    const file = await recording(work, input);
    const probe = await probeRecording(file, { ffprobePath: bin.ffprobe });
    let worst = 0;
    let method = '';
    const sample = async () => {
      const r = await sampleFrames(file, { ffmpegPath: bin.ffmpeg, ffprobePath: bin.ffprobe, probe, count: COUNT });
      method = r.method;
      worst = Math.max(worst, ...r.frames.map((f) => Math.abs(f.timestampS - f.targetS)));
    };
    const fullDecode = () =>
      runMediaProcess(
        bin.ffmpeg,
        [
          '-v',
          'error',
          '-i',
          `file:${file}`,
          '-vf',
          `fps=${COUNT}/${probe.durationS},scale=768:-2`,
          '-q:v',
          '3',
          '-f',
          'image2pipe',
          '-c:v',
          'mjpeg',
          'pipe:1',
        ],
        {
          inputPath: file,
          maxStdoutBytes: 64 * 1024 * 1024,
        },
      );
    const [base, cand] = await measurePair(
      ['full decode (fps filter)', fullDecode],
      [`sampleFrames (${gopS} s keyframes)`, sample],
      Math.min(runs, input.maxRuns ?? runs),
    );
    const speedup = base.median / cand.median;
    // Dense keyframes serve each point from a keyframe of its own (within 1 s); sparse ones are decoded to 0.1 s.
    const tolerance = gopS === 2 ? KEYFRAME_SNAP_MAX_S : FRAME_TOLERANCE_S;
    const minSpeedup = gopS === 2 ? 10 : 2.5;
    out.push(
      withRatios({
        id: input.id,
        title: `${COUNT} frames from a ${input.durationS} s ${input.width}x${input.height} H.264 recording, keyframes every ${gopS} s`,
        series: [base, cand],
        baseline: base.name,
        target: {
          description: `≥ ${minSpeedup}x faster than full decode (${speedup.toFixed(2)}x), frames within ${tolerance} s of the grid (worst ${worst.toFixed(3)} s, method ${method})`,
          met: speedup >= minSpeedup && worst <= tolerance,
        },
        notes: { method, worstOffsetS: worst, speedup },
      }),
    );
  }
  return out;
}
