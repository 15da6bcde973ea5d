import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServiceContext } from '../backend/open';
import { settingsView, updateSettings } from '../system/settings';
import { testMediaBinaries } from '../../tests/support/test-media';
import { InvalidMediaToolPathError, mediaToolPathProblem } from './tool-path';

const dir = mkdtempSync(join(tmpdir(), 'osce-tool-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const real = testMediaBinaries();

function script(name: string, body: string, mode = 0o755): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

describe('a custom ffmpeg or ffprobe path', () => {
  it('is accepted when it is the real tool', () => {
    expect(mediaToolPathProblem('ffmpeg', real.ffmpeg)).toBeNull();
    expect(mediaToolPathProblem('ffprobe', real.ffprobe)).toBeNull();
  });

  it.each([
    ['a relative path', () => 'bin/ffmpeg', /must be a full path/],
    ['a missing file', () => join(dir, 'nowhere', 'ffmpeg'), /does not exist/],
    ['a folder', () => dir, /is a folder, not a program/],
    ['a file that is not executable', () => script('plain', 'echo ffmpeg version 9', 0o644), /is not executable/],
    ['a program that fails', () => script('fails', 'exit 3'), /did not run as ffmpeg/],
    [
      'another program',
      () => script('other', 'echo "x264 version 0.164"'),
      /is not ffmpeg: asked for its version it answered "x264 version 0.164"/,
    ],
    [
      'ffprobe given as ffmpeg',
      () => real.ffprobe,
      /is not ffmpeg: asked for its version it answered "ffprobe version/,
    ],
  ])('is refused with the reason: %s', (_what, path, reason) => {
    expect(mediaToolPathProblem('ffmpeg', path())).toMatch(reason);
  });
});

describe('updateSettings', () => {
  it('saves working tool paths, and refuses a wrong one without saving anything of that change', () => {
    const { ctx, close } = openServiceContext({ dbPath: join(dir, 'osce.sqlite'), appVersion: 'test' });
    try {
      expect(updateSettings(ctx, { ffmpegPath: real.ffmpeg, ffprobePath: real.ffprobe })).toMatchObject({
        ffmpegPath: real.ffmpeg,
        ffprobePath: real.ffprobe,
      });
      const error = (() => {
        try {
          updateSettings(ctx, { ffmpegPath: real.ffprobe, ffprobePath: join(dir, 'gone'), copyOriginals: false });
        } catch (err) {
          return err;
        }
      })();
      expect(error).toBeInstanceOf(InvalidMediaToolPathError);
      expect((error as InvalidMediaToolPathError).issues.map((i) => i.path)).toEqual(['ffmpegPath', 'ffprobePath']);
      expect(settingsView(ctx)).toMatchObject({
        ffmpegPath: real.ffmpeg,
        ffprobePath: real.ffprobe,
        copyOriginals: true,
      });
      expect(updateSettings(ctx, { ffmpegPath: null })).toMatchObject({ ffmpegPath: null });
    } finally {
      close();
    }
  });
});
