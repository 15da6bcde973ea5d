/**
 * Face masking before frames leave this workstation: a detector that runs here (no download, no
 * network) and a masker that blurs what it finds. Scoring masks every sampled frame of a provider
 * whose `maskFaces` setting is on, and stores the frames exactly as they were sent.
 */
import { loadFaceDetector, type FaceDetector } from './detector';
import { maskFrame, type MaskedFrame } from './mask';

export { FaceMaskingError } from './errors';
export { loadFaceDetector, type FaceBox, type FaceDetector, type RgbImage } from './detector';
export { maskFrame, regionFor, type MaskedFrame, type Region } from './mask';

export interface FaceMasker {
  /** The model and backend doing the detection, recorded with each masked run. */
  describe(): Promise<string>;
  mask(jpeg: Buffer): Promise<MaskedFrame>;
}

/** The masker scoring uses: this process's detector, loaded on first use. */
export function localFaceMasker(load: () => Promise<FaceDetector> = loadFaceDetector): FaceMasker {
  return {
    describe: async () => (await load()).description,
    mask: async (jpeg) => maskFrame(jpeg, await load()),
  };
}
