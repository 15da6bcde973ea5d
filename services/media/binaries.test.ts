import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaBinaries, mediaBinaryVersion } from './binaries';
import { MediaBinaryNotFoundError } from './errors';
import { testMediaBinaries } from '../../tests/support/test-media';

const real = testMediaBinaries();
const platformDir = `${process.platform}-${process.arch}`;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osce-binaries-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const noPath = { PATH: '' } as NodeJS.ProcessEnv;

describe('locateMediaBinaries', () => {
  it('prefers the user setting and reports its version', () => {
    const found = locateMediaBinaries({
      ffmpegPath: real.ffmpeg,
      ffprobePath: real.ffprobe,
      env: noPath,
      searchFromDirs: [],
    });
    expect(found.ffmpeg).toMatchObject({ path: real.ffmpeg, source: 'setting' });
    expect(found.ffmpeg.version).toMatch(/^ffmpeg version/);
    expect(found.ffprobe.version).toMatch(/^ffprobe version/);
  });

  it('falls through a setting that points at nothing to PATH', () => {
    const found = locateMediaBinaries({
      ffmpegPath: join(dir, 'missing-ffmpeg'),
      env: { PATH: [dirname(real.ffmpeg), dirname(real.ffprobe)].join(delimiter) },
      searchFromDirs: [],
    });
    expect(found.ffmpeg.source).toBe('path');
  });

  it('uses bundled binaries only when packaged, before PATH', async () => {
    const resources = join(dir, 'resources');
    for (const [pkg, tool] of [
      ['@ffmpeg-installer', 'ffmpeg'],
      ['@ffprobe-installer', 'ffprobe'],
    ] as const) {
      const target = join(resources, 'app.asar.unpacked', 'node_modules', pkg, platformDir);
      await mkdir(target, { recursive: true });
      await symlink(real[tool], join(target, tool));
    }
    const env = { PATH: [dirname(real.ffmpeg), dirname(real.ffprobe)].join(delimiter) };
    expect(locateMediaBinaries({ packagedResourcesDir: resources, env, searchFromDirs: [] }).ffmpeg.source).toBe(
      'bundled',
    );
    expect(locateMediaBinaries({ env, searchFromDirs: [] }).ffmpeg.source).toBe('path');
  });

  it('skips a candidate that exists but does not run', async () => {
    const broken = join(dir, 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'ffmpeg'), 'not a program', { mode: 0o755 });
    await writeFile(join(broken, 'ffprobe'), 'not a program', { mode: 0o755 });
    const found = locateMediaBinaries({
      env: { PATH: [broken, dirname(real.ffmpeg), dirname(real.ffprobe)].join(delimiter) },
      searchFromDirs: [],
    });
    expect(found.ffmpeg.path).not.toContain(broken);
  });

  it('falls back to the npm installer packages last', () => {
    const found = locateMediaBinaries({ env: noPath, searchFromDirs: [process.cwd()] });
    expect(found.ffmpeg.source).toBe('npm-package');
    expect(found.ffmpeg.path).toContain('@ffmpeg-installer');
  });

  it('names the missing binary and where it looked', () => {
    let error: unknown;
    try {
      locateMediaBinaries({ ffmpegPath: '/nowhere/ffmpeg', env: { PATH: '/also-nowhere' }, searchFromDirs: [] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MediaBinaryNotFoundError);
    expect((error as Error).message).toMatch(/ffmpeg was not found/);
    expect((error as Error).message).toContain('/nowhere/ffmpeg');
    expect((error as Error).message).toContain('/also-nowhere');
  });
});

describe('mediaBinaryVersion', () => {
  it('returns the first line of -version', () => {
    expect(mediaBinaryVersion(real.ffmpeg)).toMatch(/^ffmpeg version \S+/);
  });
});
