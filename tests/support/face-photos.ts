// TEST-ONLY: frames with real people in them, made from the photographs that ship inside the
// @vladmandic/human npm package (assets/samples.jpg: a strip of sample photos above an annotated
// group shot). Only the unannotated photo strip is used, laid out on a plain frame the size the
// scoring sampler produces, so masking is tested on faces of different sizes and skin tones.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

const require = createRequire(import.meta.url);

export function samplePhotosFile(): string {
  return join(dirname(require.resolve('@vladmandic/human')), '..', 'assets', 'samples.jpg');
}

/** Left and right edges of photographs in the strip (its top 158 rows); the first, a 3D render, is left out. */
const PHOTOS: readonly [number, number][] = [
  [326, 537], // a man at a dinner table
  [641, 789], // a woman standing
  [1130, 1270], // three people
];
const STRIP_HEIGHT = 158;

/** A 768×432 JPEG (the sampler's default size) with the photos side by side on a grey background. */
export async function framesWithPeople(scale = 1.3, width = 768, height = 432): Promise<Buffer> {
  const src = samplePhotosFile();
  const crops = await Promise.all(
    PHOTOS.map(([l, r]) =>
      sharp(src)
        .extract({ left: l, top: 0, width: r - l, height: STRIP_HEIGHT })
        .resize(Math.round((r - l) * scale))
        .toBuffer(),
    ),
  );
  const widths = PHOTOS.map(([l, r]) => Math.round((r - l) * scale));
  const gap = Math.floor((width - widths.reduce((a, b) => a + b, 0)) / (PHOTOS.length + 1));
  let left = gap;
  const top = Math.round((height - STRIP_HEIGHT * scale) / 2);
  const composites = crops.map((input, i) => {
    const at = { input, left, top };
    left += widths[i]! + gap;
    return at;
  });
  return sharp({ create: { width, height, channels: 3, background: { r: 96, g: 104, b: 112 } } })
    .composite(composites)
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A frame with no people: an empty grey wall with a darker floor. */
export async function frameWithoutPeople(width = 768, height = 432): Promise<Buffer> {
  const floor = Math.round(height * 0.7);
  return sharp({ create: { width, height, channels: 3, background: { r: 150, g: 150, b: 146 } } })
    .composite([
      {
        input: { create: { width, height: height - floor, channels: 3, background: { r: 90, g: 80, b: 70 } } },
        left: 0,
        top: floor,
      },
    ])
    .jpeg({ quality: 90 })
    .toBuffer();
}

export async function decodeRgb(jpeg: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Whether detection `d` is the face `f`: its centre inside f, or the two overlapping by IoU > 0.3. */
export function sameFace(f: Box, d: Box): boolean {
  const cx = d.x + d.width / 2;
  const cy = d.y + d.height / 2;
  if (cx > f.x && cx < f.x + f.width && cy > f.y && cy < f.y + f.height) return true;
  const ix = Math.max(0, Math.min(f.x + f.width, d.x + d.width) - Math.max(f.x, d.x));
  const iy = Math.max(0, Math.min(f.y + f.height, d.y + d.height) - Math.max(f.y, d.y));
  const inter = ix * iy;
  return inter / (f.width * f.height + d.width * d.height - inter) > 0.3;
}
