/**
 * Masks the faces in one JPEG frame before it is encoded for sending: decode (sharp), detect
 * (detector.ts), blur each face past recognition, check the result with the detector again
 * and fill solid anything it still finds, then encode. A frame without faces is returned as it
 * came, byte for byte. Any failure throws: an unmasked frame is never the fallback.
 */
import sharp from 'sharp';
import { FaceMaskingError } from './errors';
import type { FaceBox, FaceDetector, RgbImage } from './detector';

/** Same quality as the frame sampler's JPEGs (services/media DEFAULT_FRAME_QUALITY). */
const MASKED_JPEG_QUALITY = 90;
/** Detector boxes hug the face; hair, ears and chin identify a person too. */
const MARGIN = 0.1;

/** A detection this sure is a face wherever it appears (MediaPipe's own default threshold). */
const CLEAR_FACE_SCORE = 0.5;

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface MaskedFrame {
  jpeg: Buffer;
  /** Regions covered (pixels of the frame); empty when no face was found and the bytes are unchanged. */
  regions: Region[];
  /** Faces the check still found after the blur, then covered solid. */
  refilled: number;
}

/** The face box grown by the margin and clipped to the frame; null when nothing of it is inside. */
export function regionFor(
  face: Pick<FaceBox, 'x' | 'y' | 'width' | 'height'>,
  frameWidth: number,
  frameHeight: number,
  margin = MARGIN,
): Region | null {
  const dx = face.width * margin;
  const dy = face.height * margin;
  const left = Math.max(0, Math.floor(face.x - dx));
  const top = Math.max(0, Math.floor(face.y - dy));
  const right = Math.min(frameWidth, Math.ceil(face.x + face.width + dx));
  const bottom = Math.min(frameHeight, Math.ceil(face.y + face.height + dy));
  if (right - left < 1 || bottom - top < 1) return null;
  return { left, top, width: right - left, height: bottom - top };
}

function overlaps(r: Region, f: Pick<FaceBox, 'x' | 'y' | 'width' | 'height'>): boolean {
  return f.x < r.left + r.width && f.x + f.width > r.left && f.y < r.top + r.height && f.y + f.height > r.top;
}

async function decode(jpeg: Buffer): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(jpeg)
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch (err) {
    throw new FaceMaskingError(`a frame could not be decoded (${(err as Error).message})`);
  }
}

const raw = (img: RgbImage) => ({ raw: { width: img.width, height: img.height, channels: 3 as const } });

/** A Gaussian blur as wide as half the face: the head stays visible as a blob, features do not. */
async function blurred(img: RgbImage, r: Region): Promise<Buffer> {
  return sharp(img.data, raw(img))
    .extract(r)
    .blur(Math.max(3, Math.max(r.width, r.height) / 2))
    .raw()
    .toBuffer();
}

/** Paints the regions into a copy of the image: each blurred, or flat grey when `solid`. */
async function cover(img: RgbImage, regions: readonly Region[], solid: boolean): Promise<RgbImage> {
  const out = Buffer.from(img.data);
  for (const r of regions) {
    const patch = solid ? null : await blurred(img, r);
    for (let y = 0; y < r.height; y++) {
      const row = ((r.top + y) * img.width + r.left) * 3;
      if (patch) patch.copy(out, row, y * r.width * 3, (y + 1) * r.width * 3);
      else out.fill(128, row, row + r.width * 3);
    }
  }
  return { data: out, width: img.width, height: img.height };
}

export async function maskFrame(jpeg: Buffer, detector: FaceDetector): Promise<MaskedFrame> {
  const img = await decode(jpeg);
  const faces = await detector.detect(img);
  const regions = faces.map((f) => regionFor(f, img.width, img.height)).filter((r): r is Region => r !== null);
  if (regions.length === 0) return { jpeg, regions: [], refilled: 0 };
  let masked = await cover(img, regions, false);
  // Fail closed: a face the detector still sees where it blurred, or a clear face it missed the
  // first time, is blocked out completely. Faint hits elsewhere are the blur's own noise.
  const left = (await detector.detect(masked))
    .filter((f) => f.score >= CLEAR_FACE_SCORE || regions.some((r) => overlaps(r, f)))
    .map((f) => regionFor(f, img.width, img.height))
    .filter((r): r is Region => r !== null);
  if (left.length) masked = await cover(masked, left, true);
  try {
    const out = await sharp(masked.data, raw(masked)).jpeg({ quality: MASKED_JPEG_QUALITY, mozjpeg: false }).toBuffer();
    return { jpeg: out, regions: [...regions, ...left], refilled: left.length };
  } catch (err) {
    throw new FaceMaskingError(`a masked frame could not be encoded (${(err as Error).message})`);
  }
}
