import { beforeAll, describe, expect, it } from 'vitest';
import { decodeRgb, framesWithPeople, frameWithoutPeople, sameFace } from '../../../tests/support/face-photos';
import { FaceMaskingError, loadFaceDetector, localFaceMasker, maskFrame, regionFor, type FaceDetector } from '.';
import { squareTiles } from './detector';

/** A face the detector is sure of: the operating point MediaPipe uses by default. */
const CLEAR = 0.5;

let detector: FaceDetector;
beforeAll(async () => {
  // Loaded once for the file: the model comes from the package's files, nothing is downloaded.
  detector = await loadFaceDetector();
}, 30_000);

describe('face masking on photographs of people', () => {
  it('masks every face found in the frame so that none of them can be detected in the frame that is sent', async () => {
    const frame = await framesWithPeople();
    const faces = (await detector.detect(await decodeRgb(frame))).filter((f) => f.score >= CLEAR);
    // The three photos hold five people; the detector is sure of most of them.
    expect(faces.length).toBeGreaterThanOrEqual(4);
    const masked = await maskFrame(frame, detector);
    expect(masked.jpeg.equals(frame)).toBe(false);
    expect(masked.regions.length).toBeGreaterThanOrEqual(faces.length);
    const after = await detector.detect(await decodeRgb(masked.jpeg));
    const stillThere = faces.filter((f) => after.some((d) => d.score >= CLEAR && sameFace(f, d)));
    expect(stillThere).toEqual([]);
    // Each sure face lies inside a masked region.
    for (const f of faces) {
      const cx = f.x + f.width / 2;
      const cy = f.y + f.height / 2;
      expect(
        masked.regions.some((r) => cx >= r.left && cx <= r.left + r.width && cy >= r.top && cy <= r.top + r.height),
      ).toBe(true);
    }
  });

  it('sends a frame without faces byte for byte as it was', async () => {
    const frame = await frameWithoutPeople();
    const masked = await localFaceMasker().mask(frame);
    expect(masked.regions).toEqual([]);
    expect(masked.jpeg.equals(frame)).toBe(true);
  });

  it('refuses a frame it cannot read instead of passing it on', async () => {
    await expect(maskFrame(Buffer.from([0xff, 0xd8, 1, 2, 3]), detector)).rejects.toBeInstanceOf(FaceMaskingError);
  });

  it("leaves no process-wide error handlers of the detector's WebAssembly runtime behind", () => {
    // Emscripten's handlers rethrow every unhandled rejection, which would crash the backend.
    const listeners = [...process.listeners('unhandledRejection'), ...process.listeners('uncaughtException')];
    expect(listeners.map((l) => l.toString()).filter((s) => s.includes('ExitStatus'))).toEqual([]);
  });
});

describe('regions and tiles', () => {
  it('grows a face box by a margin and clips it to the frame', () => {
    expect(regionFor({ x: 100, y: 50, width: 40, height: 40 }, 768, 432)).toEqual({
      left: 96,
      top: 46,
      width: 48,
      height: 48,
    });
    expect(regionFor({ x: -20, y: 420, width: 40, height: 40 }, 768, 432)).toEqual({
      left: 0,
      top: 416,
      width: 24,
      height: 16,
    });
    expect(regionFor({ x: 900, y: 10, width: 20, height: 20 }, 768, 432)).toBeNull();
  });

  it('looks at a wide frame whole and as overlapping squares', () => {
    expect(squareTiles(768, 432).map((t) => [t.left, t.width])).toEqual([
      [0, 768],
      [0, 432],
      [336, 432],
    ]);
    expect(squareTiles(500, 480)).toHaveLength(1);
  });
});
