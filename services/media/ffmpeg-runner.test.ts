import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancelledError, DiskFullError, MediaBinaryNotFoundError, MediaProcessError } from './errors';
import { fileArg, runMediaProcess, runningMediaProcessCount, stopAllMediaProcesses } from './ffmpeg-runner';
import { NASTY_NAME, testMediaBinaries } from '../../tests/support/test-media';

const { ffmpeg } = testMediaBinaries();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'osce-runner-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An endless lavfi source: runs until killed. */
const endless = [
  '-hide_banner',
  '-nostdin',
  '-v',
  'error',
  '-re',
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=64x64',
  '-f',
  'null',
  '-',
];

describe('runMediaProcess', () => {
  it('passes hostile file names to ffmpeg verbatim, never through a shell', async () => {
    const nastyDir = join(dir, NASTY_NAME);
    await mkdir(nastyDir, { recursive: true });
    const out = join(nastyDir, `clip $(touch x); \`touch y\` 'q' "dq" | ü.mp4`);
    await runMediaProcess(
      ffmpeg,
      [
        '-hide_banner',
        '-nostdin',
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=64x64:duration=0.2',
        '-y',
        fileArg(out),
      ],
      { inputPath: 'lavfi', outputPath: out },
    );
    expect(existsSync(out)).toBe(true);
    const names = [...(await readdir(nastyDir)), ...(await readdir(process.cwd())), ...(await readdir(dir))];
    for (const injected of ['x', 'y', 'INJECTED']) expect(names).not.toContain(injected);
  });

  it('rejects with CancelledError on abort, after the process has exited', async () => {
    const controller = new AbortController();
    const pending = runMediaProcess(ffmpeg, endless, { inputPath: 'clip.mp4', signal: controller.signal });
    await new Promise((r) => setTimeout(r, 200));
    expect(runningMediaProcessCount()).toBe(1);
    controller.abort();
    const error = await pending.catch((e) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toContain('clip.mp4');
    expect(runningMediaProcessCount()).toBe(0);
  });

  it('does not start at all when the signal is already aborted', async () => {
    await expect(
      runMediaProcess(ffmpeg, endless, { inputPath: 'a.mp4', signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(runningMediaProcessCount()).toBe(0);
  });

  it('stopAllMediaProcesses stops every running process', async () => {
    const runs = [1, 2, 3].map((i) => runMediaProcess(ffmpeg, endless, { inputPath: `clip${i}.mp4` }).catch((e) => e));
    await new Promise((r) => setTimeout(r, 200));
    expect(runningMediaProcessCount()).toBe(3);
    await stopAllMediaProcesses();
    expect(runningMediaProcessCount()).toBe(0);
    for (const error of await Promise.all(runs)) expect(error).toBeInstanceOf(CancelledError);
  });

  it('reports a non-zero exit with the stderr tail and the file name', async () => {
    const error = await runMediaProcess(ffmpeg, ['-hide_banner', '-v', 'error', '-i', fileArg(join(dir, 'nope.mp4'))], {
      inputPath: join(dir, 'nope.mp4'),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(MediaProcessError);
    expect((error as MediaProcessError).exitCode).not.toBe(0);
    expect((error as Error).message).toMatch(/nope\.mp4.*No such file/);
  });

  it.skipIf(process.platform !== 'linux' || !existsSync('/dev/full'))(
    'maps "No space left on device" to DiskFullError',
    async () => {
      const error = await runMediaProcess(
        ffmpeg,
        [
          '-hide_banner',
          '-nostdin',
          '-v',
          'error',
          '-f',
          'lavfi',
          '-i',
          'testsrc2=size=320x240:duration=2',
          '-f',
          'rawvideo',
          '-y',
          'file:/dev/full',
        ],
        { inputPath: 'lavfi', outputPath: '/tmp/proxy.mp4' },
      ).catch((e) => e);
      expect(error).toBeInstanceOf(DiskFullError);
      expect((error as Error).message).toContain('proxy.mp4');
    },
  );

  it('names a missing binary', async () => {
    const error = await runMediaProcess(join(dir, 'no-ffmpeg'), ['-version'], { inputPath: 'a.mp4' }).catch((e) => e);
    expect(error).toBeInstanceOf(MediaBinaryNotFoundError);
  });
});
