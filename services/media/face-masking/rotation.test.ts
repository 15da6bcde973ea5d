/**
 * Security review A7: masking does not fail open on faces that are sideways or upside down (a
 * ceiling camera, a candidate lying beside the manikin). The detector looks at every frame upright
 * and turned by 90, 180 and 270 degrees and maps what it finds back; the test turns the package's
 * photographs, masks them, turns the result upright again and checks that no face the detector is
 * sure of can be found in it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { decodeRgb, framesWithPeople, sameFace } from '../../../tests/support/face-photos';
import { loadFaceDetector, maskFrame, type FaceDetector } from '.';
import { boxFromTurned, turnRgb } from './detector';

const CLEAR = 0.5;
let detector: FaceDetector;
beforeAll(async () => {
  detector = await loadFaceDetector();
}, 30_000);

const turned = (jpeg: Buffer, degrees: number) => sharp(jpeg).rotate(degrees).jpeg({ quality: 90 }).toBuffer();

describe('faces sideways and upside down (security review A7)', () => {
  it.each([90, 180, 270])('a frame turned by %i degrees has every face masked', async (degrees) => {
    const upright = await framesWithPeople();
    const faces = (await detector.detect(await decodeRgb(upright))).filter((f) => f.score >= CLEAR);
    expect(faces.length).toBeGreaterThanOrEqual(4);
    const frame = await turned(upright, degrees);
    const masked = await maskFrame(frame, detector);
    expect(masked.regions.length).toBeGreaterThanOrEqual(faces.length);
    // Turned upright again, as whoever receives it could: none of the sure faces is found.
    const back = await turned(masked.jpeg, 360 - degrees);
    const after = await detector.detect(await decodeRgb(back));
    expect(faces.filter((f) => after.some((d) => d.score >= CLEAR && sameFace(f, d)))).toEqual([]);
  });

  it('maps a box found in a turned frame back onto the frame (a marked pixel makes the round trip)', async () => {
    const width = 6;
    const height = 4;
    const data = Buffer.alloc(width * height * 3);
    const at = { x: 4, y: 1 };
    data[(at.y * width + at.x) * 3] = 255;
    for (const turns of [1, 2, 3] as const) {
      const t = await turnRgb({ data, width, height }, turns);
      const i = t.data.findIndex((v, k) => k % 3 === 0 && v === 255) / 3;
      const box = { x: i % t.width, y: Math.floor(i / t.width), width: 1, height: 1, score: 1 };
      expect(boxFromTurned(box, turns, width, height)).toEqual({ ...at, width: 1, height: 1, score: 1 });
    }
    const wide = boxFromTurned({ x: 0, y: 1, width: 2, height: 3, score: 1 }, 1, width, height);
    expect(wide).toEqual({ x: 1, y: 2, width: 3, height: 2, score: 1 });
  });
});
