import { appendFile, mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRecordings } from './list';
import { makeTestRecording } from '../../tests/support/test-media';
import { checkRecordingFiles } from './file-check';
import { importRecordings } from './import';
import { openTestLibrary, testOperation, type TestLibrary } from '../../tests/support/import-library';

let lib: TestLibrary;
let dir: string;
beforeAll(async () => {
  lib = await openTestLibrary();
  dir = await mkdtemp(join(tmpdir(), 'osce-filecheck-'));
});
afterAll(async () => {
  await lib.dispose();
  await rm(dir, { recursive: true, force: true });
});

// testsrc2 is deterministic: a distinct length per file keeps the bytes (and so the hashes) distinct.
let made = 0;
async function referenced(name: string): Promise<{ id: number; path: string }> {
  const path = await makeTestRecording(dir, 'mp4-no-audio', { fileName: name, durationS: 1 + 0.2 * made++ });
  const r = await importRecordings(lib.ctx, { paths: [path], station: 'cpr', storage: 'reference' }, testOperation());
  return { id: r.imported[0]!.id, path };
}

const check = (ids: number[], hash = false) => checkRecordingFiles(lib.ctx, { ids, hash }, testOperation());
const listed = (id: number) => listRecordings(lib.ctx.db, {}).items.find((i) => i.id === id)!;

describe('referenced originals that move or change', () => {
  it('a file that is untouched is ok', async () => {
    const rec = await referenced('stays.mp4');
    expect(await check([rec.id], true)).toEqual([{ id: rec.id, status: 'ok', path: rec.path, detail: null }]);
  });

  it('a moved file is missing (and the list says so), and ok again once it is back', async () => {
    const rec = await referenced('moves.mp4');
    await rename(rec.path, `${rec.path}.moved`);
    expect(await check([rec.id])).toEqual([
      { id: rec.id, status: 'missing', path: rec.path, detail: 'no file at this path any more' },
    ]);
    expect(listed(rec.id)).toMatchObject({ fileStatus: 'missing', videoUrlPath: null });
    await rename(`${rec.path}.moved`, rec.path);
    expect((await check([rec.id]))[0]!.status).toBe('ok');
    expect(listed(rec.id).fileStatus).toBe('ok');
  });

  it('a file whose size changed is changed', async () => {
    const rec = await referenced('grows.mp4');
    await appendFile(rec.path, Buffer.alloc(10));
    const [result] = await check([rec.id]);
    expect(result).toMatchObject({
      status: 'changed',
      detail: expect.stringMatching(/size was \d+ bytes at import and is \d+ bytes now/),
    });
    expect(listed(rec.id).fileStatus).toBe('changed');
  });

  it('a file only touched is changed by time, and ok again after a hash check confirms the bytes', async () => {
    const rec = await referenced('touched.mp4');
    const later = new Date(Date.now() + 60_000);
    await utimes(rec.path, later, later);
    expect((await check([rec.id]))[0]).toMatchObject({
      status: 'changed',
      detail: expect.stringMatching(/^modified on /),
    });
    expect((await check([rec.id], true))[0]!.status).toBe('ok');
    // The new time was accepted: a cheap check no longer flags it.
    expect((await check([rec.id]))[0]!.status).toBe('ok');
  });

  it('same size and time but different bytes is found by the hash check', async () => {
    const rec = await referenced('rewritten.mp4');
    const { mtime, atime } = statSync(rec.path);
    const bytes = readFileSync(rec.path);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(rec.path, bytes);
    await utimes(rec.path, atime, mtime);
    expect((await check([rec.id]))[0]!.status).toBe('ok');
    expect((await check([rec.id], true))[0]).toMatchObject({
      status: 'changed',
      detail: expect.stringMatching(/SHA-256 mismatch/),
    });
  });
});

describe('library copies', () => {
  it('a deleted library copy is missing', async () => {
    const path = await makeTestRecording(dir, 'mp4-no-audio', { fileName: 'copied.mp4', durationS: 0.5 });
    const r = await importRecordings(lib.ctx, { paths: [path], station: 'cpr', storage: 'copy' }, testOperation());
    const stored = lib.ctx.db
      .prepare('SELECT stored_path FROM recordings WHERE id = ?')
      .pluck()
      .get(r.imported[0]!.id) as string;
    await rm(stored);
    expect((await check([r.imported[0]!.id]))[0]).toMatchObject({ status: 'missing', path: stored });
  });
});
