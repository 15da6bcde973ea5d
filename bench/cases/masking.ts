import { loadFaceDetector, localFaceMasker } from '../../services/media/face-masking';
import { makeTestRecording, testMediaBinaries } from '../../tests/support/test-media';
import { probeRecording, sampleFrames } from '../../services/media';
import { framesWithPeople } from '../../tests/support/face-photos';
import { measurePair, withRatios, type CaseResult } from '../lib';

const FRAMES = 16;

/**
 * Face masking: the time it adds per frame. Baseline and candidate run alternately in this run:
 * sampling 16 frames (768 px, a 1280×720 recording, as scoring does) with and without masking
 * each of them; and, on frames with people (the detector's own package's photographs), masking
 * alone, where faces are found and blurred and the frame re-encoded.
 */
export async function maskingCase(work: string, runs: number): Promise<CaseResult[]> {
  const clip = await makeTestRecording(work, 'mp4-no-audio', {
    durationS: 60,
    width: 1280,
    height: 720,
    fileName: 'masking-clip.mp4',
  });
  const bins = testMediaBinaries();
  const probe = await probeRecording(clip, { ffprobePath: bins.ffprobe });
  const t0 = performance.now();
  await loadFaceDetector();
  const loadMs = performance.now() - t0;
  const masker = localFaceMasker();
  const sample = () =>
    sampleFrames(clip, { count: FRAMES, longSide: 768, ffmpegPath: bins.ffmpeg, ffprobePath: bins.ffprobe, probe });
  const [plain, masked] = await measurePair(
    [`sample ${FRAMES} frames, no masking`, () => sample()],
    [
      `sample ${FRAMES} frames and mask faces`,
      async () => {
        const s = await sample();
        for (const f of s.frames) await masker.mask(f.jpeg);
      },
    ],
    runs,
  );
  const people = await Promise.all([1, 1.2, 1.3, 1.5].map((scale) => framesWithPeople(scale)));
  const withPeople = Array.from({ length: FRAMES }, (_, i) => people[i % people.length]!);
  const [copy, maskPeople] = await measurePair(
    [`${FRAMES} frames with people, sent as they are`, () => withPeople.map((f) => Buffer.from(f))],
    [
      `${FRAMES} frames with people, faces masked`,
      async () => {
        for (const f of withPeople) await masker.mask(f);
      },
    ],
    runs,
  );
  const addedPerFrame = (masked.median - plain.median) / FRAMES;
  const peoplePerFrame = (maskPeople.median - copy.median) / FRAMES;
  return [
    withRatios({
      id: 'masking',
      title: `face masking, ${FRAMES} frames of a 1280x720 recording sampled at 768 px`,
      series: [plain, masked],
      baseline: plain.name,
      // No target in the performance issue: reported, not counted as met.
      reported: `${addedPerFrame.toFixed(0)} ms added per frame; detector loaded once in ${loadMs.toFixed(0)} ms`,
      notes: { addedMsPerFrame: Math.round(addedPerFrame), detectorLoadMs: Math.round(loadMs) },
    }),
    withRatios({
      id: 'masking-people',
      title: `face masking on ${FRAMES} frames with people in them (photographs from @vladmandic/human)`,
      series: [copy, maskPeople],
      baseline: copy.name,
      reported: `${peoplePerFrame.toFixed(0)} ms per frame with faces (decode, two detection passes over four orientations, blur, encode)`,
      notes: { msPerFrameWithFaces: Math.round(peoplePerFrame) },
    }),
  ];
}
