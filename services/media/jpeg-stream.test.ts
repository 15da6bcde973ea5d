import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { JpegStreamSplitter, jpegEnd, jpegSize } from './jpeg-stream';
import { testMediaBinaries } from '../../tests/support/test-media';

// Five real frames from ffmpeg's image2pipe muxer, the same path frame sampling uses.
const stream = execFileSync(testMediaBinaries().ffmpeg, [
  '-hide_banner',
  '-v',
  'error',
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=160x90:rate=5:duration=1',
  '-c:v',
  'mjpeg',
  '-q:v',
  '2',
  '-f',
  'image2pipe',
  'pipe:1',
]);

describe('JpegStreamSplitter', () => {
  it('splits concatenated JPEGs fed in awkward chunk sizes', () => {
    for (const chunkSize of [1, 7, 1000, stream.length]) {
      const splitter = new JpegStreamSplitter();
      const images: Buffer[] = [];
      for (let i = 0; i < stream.length; i += chunkSize)
        images.push(...splitter.push(stream.subarray(i, i + chunkSize)));
      expect(images).toHaveLength(5);
      expect(splitter.pendingBytes).toBe(0);
      expect(Buffer.concat(images).equals(stream)).toBe(true);
      for (const img of images) expect(jpegSize(img)).toEqual({ width: 160, height: 90 });
    }
  });

  it('waits for more data on a partial JPEG and rejects non-JPEG data', () => {
    expect(jpegEnd(stream.subarray(0, 100))).toBeUndefined();
    expect(() => jpegEnd(Buffer.from('not a jpeg'))).toThrow(/not a JPEG/);
  });
});
