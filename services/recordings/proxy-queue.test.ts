import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServiceContext } from '../backend/open';
import { probeRecording } from '../media';
import { makeTestRecording, testMediaBinaries } from '../../tests/support/test-media';
import { importRecordings } from './import';
import { proxyRelPath } from './library';
import { recordingMediaFile } from './media-file';
import { ProxyQueue } from './proxy-queue';
import { openTestLibrary, quiet, testOperation, type TestLibrary } from '../../tests/support/import-library';

let src: string;
let hevc: string;
let avi: string;
let mp4: string;

beforeAll(async () => {
  src = await mkdtemp(join(tmpdir(), 'osce-proxy-src-'));
  hevc = await makeTestRecording(src, 'mov-hevc', { durationS: 1 });
  avi = await makeTestRecording(src, 'avi-mjpeg', { durationS: 1 });
  mp4 = await makeTestRecording(src, 'mp4-h264-aac', { durationS: 1 });
});
afterAll(() => rm(src, { recursive: true, force: true }));

const statusOf = (lib: TestLibrary, id: number) =>
  lib.ctx.db
    .prepare('SELECT proxy_status AS status, proxy_path AS path, proxy_error AS error FROM recordings WHERE id = ?')
    .get(id) as {
    status: string;
    path: string | null;
    error: string | null;
  };

describe('playable proxies', () => {
  let lib: TestLibrary;
  beforeAll(async () => {
    lib = await openTestLibrary();
  });
  afterAll(() => lib.dispose());

  it('makes an H.264 MP4 for each recording Chromium cannot play, in the background, and only for those', async () => {
    const changed: number[] = [];
    const queue = new ProxyQueue(lib.ctx, { onChange: (id) => changed.push(id) });
    const r = await importRecordings(lib.ctx, { paths: [hevc, avi, mp4], station: 'cpr' }, testOperation(), {
      onProxyNeeded: () => queue.kick(),
    });
    const [h, a, m] = r.imported;
    expect([h!.proxyStatus, a!.proxyStatus, m!.proxyStatus]).toEqual(['pending', 'pending', 'not_needed']);
    await queue.idle();
    expect(changed.sort()).toEqual([h!.id, a!.id].sort());
    for (const rec of [h!, a!]) {
      expect(statusOf(lib, rec.id)).toEqual({ status: 'ready', path: proxyRelPath(rec.sha256), error: null });
      const proxy = recordingMediaFile(lib.ctx, rec.id, 'proxy');
      expect(proxy.path).toBe(join(lib.ctx.libraryDir, proxyRelPath(rec.sha256)));
      const probe = await probeRecording(proxy.path, { ffprobePath: testMediaBinaries().ffprobe });
      expect(probe.videoCodec).toBe('h264');
      expect(probe.container).toMatch(/mp4/);
      expect(probe.durationS).toBeCloseTo(rec.durationS, 0);
    }
    expect(statusOf(lib, m!.id)).toEqual({ status: 'not_needed', path: null, error: null });
    expect(() => recordingMediaFile(lib.ctx, m!.id, 'proxy')).toThrow(/proxy file of recording/);
  });

  it('marks a proxy failed with the reason when the original cannot be read any more', async () => {
    const gone = await makeTestRecording(src, 'mkv-h264', { durationS: 1, fileName: 'will vanish.mkv' });
    const r = await importRecordings(lib.ctx, { paths: [gone], station: 'cpr', storage: 'reference' }, testOperation());
    await rm(gone);
    const queue = new ProxyQueue(lib.ctx);
    queue.kick();
    await queue.idle();
    const s = statusOf(lib, r.imported[0]!.id);
    expect(s.status).toBe('failed');
    expect(s.error).toMatch(/"will vanish.mkv" no longer exists/);
  });
});

describe('the proxy job survives a restart', () => {
  it('a proxy interrupted by quitting stays pending, leaves no partial file, and is made at the next start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'osce-proxy-restart-'));
    const dbPath = join(dir, 'osce.sqlite');
    const first = openServiceContext({ dbPath, appVersion: 'test', logger: quiet });
    const r = await importRecordings(first.ctx, { paths: [hevc], station: 'cpr' }, testOperation());
    const id = r.imported[0]!.id;
    const queue = new ProxyQueue(first.ctx, {
      onProgress: () => void queue.stop(), // "quit" as soon as the encode is under way
    });
    queue.kick();
    await queue.idle();
    const row = first.ctx.db.prepare('SELECT proxy_status FROM recordings WHERE id = ?').pluck().get(id);
    expect(row).toBe('pending');
    const proxyDir = join(first.ctx.libraryDir, 'proxies');
    const leftovers = existsSync(proxyDir) ? readdirSync(proxyDir, { recursive: true }) : [];
    expect(leftovers.filter((f) => String(f).endsWith('.mp4'))).toEqual([]);
    first.close();

    const second = openServiceContext({ dbPath, appVersion: 'test', logger: quiet });
    const resumed = new ProxyQueue(second.ctx);
    resumed.kick(); // what the app does at start-up
    await resumed.idle();
    expect(second.ctx.db.prepare('SELECT proxy_status FROM recordings WHERE id = ?').pluck().get(id)).toBe('ready');
    second.close();
    await rm(dir, { recursive: true, force: true });
  });
});
