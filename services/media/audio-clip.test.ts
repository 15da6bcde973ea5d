import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeTestRecording, testMediaBinaries, NASTY_NAME } from '../../tests/support/test-media';
import { AudioTooLongError, extractAudioClip, NoAudioStreamError } from './audio-clip';

let dir: string;
let withSound: string;
let silent: string;
const ffmpegPath = () => testMediaBinaries().ffmpeg;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'osce-audio-'));
  withSound = await makeTestRecording(dir, 'mp4-h264-aac', { durationS: 4, fileName: `${NASTY_NAME}.mp4` });
  silent = await makeTestRecording(dir, 'mp4-no-audio', { durationS: 2 });
}, 60_000);

describe('the audio of a recording or a span', () => {
  it('is a mono 16 kHz WAV whose header sizes match the bytes, for a span of the recording', async () => {
    const clip = await extractAudioClip(withSound, { ffmpegPath: ffmpegPath(), fromS: 1, toS: 3, durationS: 4 });
    expect(clip.format).toBe('wav');
    expect(clip.durationS).toBe(2);
    const wav = clip.data;
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt16LE(22)).toBe(1); // mono
    expect(wav.readUInt32LE(24)).toBe(16_000);
    expect(wav.toString('ascii', 36, 40)).toBe('data');
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    // Two seconds of 16-bit samples, within a few milliseconds.
    expect(Math.abs(wav.length - 44 - 2 * 32_000)).toBeLessThan(32_000 * 0.05);
    // No shell ran the odd file name: nothing was created beside it.
    expect(readdirSync(dir)).not.toContain('INJECTED');
  });

  it('goes as MP3 when the WAV would pass the size cap, and is refused by name when even that would', async () => {
    const mp3 = await extractAudioClip(withSound, { ffmpegPath: ffmpegPath(), durationS: 4, maxBytes: 100_000 });
    expect(mp3.format).toBe('mp3');
    expect(mp3.data.length).toBeLessThan(100_000);
    await expect(
      extractAudioClip(withSound, { ffmpegPath: ffmpegPath(), durationS: 4, maxBytes: 65_000 }),
    ).rejects.toBeInstanceOf(AudioTooLongError);
  });

  it('names a recording without a sound track', async () => {
    await expect(extractAudioClip(silent, { ffmpegPath: ffmpegPath(), durationS: 2 })).rejects.toBeInstanceOf(
      NoAudioStreamError,
    );
  });
});
