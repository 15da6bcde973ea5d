import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaBinaries, mediaBinaryVersion } from './binaries';
import { MediaBinaryNotFoundError } from './errors';
import { testMediaBinaries } from '../../tests/support/test-media';

const real = testMediaBinaries();
const root = resolve(import.meta.dirname, '..', '..');
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
      appDirs: [],
    });
    expect(found.ffmpeg).toMatchObject({ path: real.ffmpeg, source: 'setting' });
    expect(found.ffmpeg.version).toMatch(/^ffmpeg version/);
    expect(found.ffprobe.version).toMatch(/^ffprobe version/);
  });

  it('falls through a setting that points at nothing to PATH', () => {
    const found = locateMediaBinaries({
      ffmpegPath: join(dir, 'missing-ffmpeg'),
      env: { PATH: [dirname(real.ffmpeg), dirname(real.ffprobe)].join(delimiter) },
      appDirs: [],
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
    expect(locateMediaBinaries({ packagedResourcesDir: resources, env, appDirs: [] }).ffmpeg.source).toBe('bundled');
    expect(locateMediaBinaries({ env, appDirs: [] }).ffmpeg.source).toBe('path');
  });

  it('skips a candidate that exists but does not run', async () => {
    const broken = join(dir, 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(join(broken, 'ffmpeg'), 'not a program', { mode: 0o755 });
    await writeFile(join(broken, 'ffprobe'), 'not a program', { mode: 0o755 });
    const found = locateMediaBinaries({
      env: { PATH: [broken, dirname(real.ffmpeg), dirname(real.ffprobe)].join(delimiter) },
      appDirs: [],
    });
    expect(found.ffmpeg.path).not.toContain(broken);
  });

  it('falls back to the npm installer packages last', () => {
    const found = locateMediaBinaries({ env: noPath, appDirs: [process.cwd()] });
    expect(found.ffmpeg.source).toBe('npm-package');
    expect(found.ffmpeg.path).toContain('@ffmpeg-installer');
  });

  it('names the missing binary and where it looked', () => {
    let error: unknown;
    try {
      locateMediaBinaries({ ffmpegPath: '/nowhere/ffmpeg', env: { PATH: '/also-nowhere' }, appDirs: [] });
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

describe('the npm installer packages (security review B)', () => {
  it("are looked for in this app's own node_modules only, never in a parent folder of the working directory", async () => {
    const planted = join(dir, 'parent');
    const exe = join(planted, 'node_modules', '@ffmpeg-installer', `${process.platform}-${process.arch}`, 'ffmpeg');
    await mkdir(dirname(exe), { recursive: true });
    await writeFile(exe, `#!/bin/sh\nexec '${real.ffmpeg}' "$@"\n`, { mode: 0o755 });
    const child = join(planted, 'work');
    await mkdir(child, { recursive: true });
    const before = process.cwd();
    process.chdir(child);
    try {
      const found = locateMediaBinaries({ env: noPath });
      expect(found.ffmpeg.path).not.toBe(exe);
      expect(found.ffmpeg.source).toBe('npm-package');
      expect(found.ffmpeg.path.startsWith(join(root, 'node_modules'))).toBe(true);
    } finally {
      process.chdir(before);
    }
  });
});
