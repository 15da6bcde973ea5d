/**
 * Splits ffmpeg's `-f image2pipe -c:v mjpeg` output (JPEGs back to back) into single images.
 * It walks the marker structure instead of searching for FF D9, because table data in a header
 * segment may contain those bytes; in entropy-coded data FF is always followed by 00 or RSTn.
 */
export class JpegStreamSplitter {
  private buffer: Buffer = Buffer.alloc(0);

  /** Feeds a chunk and returns every JPEG completed by it. */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const images: Buffer[] = [];
    for (;;) {
      const end = jpegEnd(this.buffer);
      if (end === undefined) break;
      images.push(Buffer.from(this.buffer.subarray(0, end)));
      this.buffer = this.buffer.subarray(end);
    }
    return images;
  }

  /** Bytes not yet forming a whole JPEG (non-zero after the stream ended means truncation). */
  get pendingBytes(): number {
    return this.buffer.length;
  }
}

/**
 * Length of the complete JPEG at the start of buf, or undefined when more data is needed.
 * Throws if buf does not start with a JPEG.
 */
export function jpegEnd(buf: Buffer): number | undefined {
  if (buf.length < 2) return undefined;
  if (buf[0] !== 0xff || buf[1] !== 0xd8) throw new Error('image stream is not a JPEG sequence');
  let pos = 2;
  // Header segments: FF xx, 2-byte big-endian length that includes itself.
  for (;;) {
    if (pos + 4 > buf.length) return undefined;
    if (buf[pos] !== 0xff) throw new Error('corrupt JPEG marker in image stream');
    const marker = buf[pos + 1]!;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) return pos + 2;
    const length = buf.readUInt16BE(pos + 2);
    pos += 2 + length;
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
  }
  // Entropy-coded data (possibly several scans): stop at the first real marker that is EOI.
  while (pos + 1 < buf.length) {
    if (buf[pos] !== 0xff) {
      pos += 1;
      continue;
    }
    const next = buf[pos + 1]!;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
      pos += next === 0xff ? 1 : 2;
      continue;
    }
    if (next === 0xd9) return pos + 2;
    // Another segment between scans (DHT, SOS of a progressive JPEG): skip it by its length.
    if (pos + 4 > buf.length) return undefined;
    pos += 2 + buf.readUInt16BE(pos + 2);
  }
  return undefined;
}

/** Pixel size from the start-of-frame segment, or undefined if the data is not a JPEG. */
export function jpegSize(jpeg: Buffer): { width: number; height: number } | undefined {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return undefined;
  let pos = 2;
  while (pos + 9 < jpeg.length) {
    if (jpeg[pos] !== 0xff) return undefined;
    const marker = jpeg[pos + 1]!;
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: jpeg.readUInt16BE(pos + 5), width: jpeg.readUInt16BE(pos + 7) };
    }
    pos += 2 + jpeg.readUInt16BE(pos + 2);
  }
  return undefined;
}
