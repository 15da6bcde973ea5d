/**
 * Security review B: the player's 'original' is read from the recording's row, which anyone
 * editing the database can point at any file. It is served only when it still looks like the
 * recording: a regular file (after following links) with a video file extension and exactly the
 * size recorded at import. A row rewritten to point at a key file, a document, or a link dressed
 * as a video is refused.
 */
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestRecording } from '../../tests/support/test-media';
import { importRecordings } from './import';
import { recordingMediaFile } from './media-file';
import { openTestLibrary, testOperation, type TestLibrary } from '../../tests/support/import-library';

let lib: TestLibrary;
let rec: number;
let video: string;
const dir = mkdtempSync(join(tmpdir(), 'osce-media-file-'));
beforeAll(async () => {
  lib = await openTestLibrary();
  video = await makeTestRecording(dir, 'mp4-no-audio', { fileName: 'kept.mp4', durationS: 1 });
  rec = (await importRecordings(lib.ctx, { paths: [video], station: 'cpr', storage: 'reference' }, testOperation()))
    .imported[0]!.id;
});
afterAll(() => lib.dispose());

const pointAt = (path: string, size?: number) =>
  lib.ctx.db
    .prepare(`UPDATE recordings SET stored_path = ?, size_bytes = coalesce(?, size_bytes) WHERE id = ?`)
    .run(path, size ?? null, rec);

describe("a recording's original is served only while it is that recording (security review B)", () => {
  it('serves the referenced original as imported', () => {
    expect(recordingMediaFile(lib.ctx, rec, 'original').path).toBe(video);
  });

  it('refuses a row pointed at another file, whatever its size, and a link dressed as a video', () => {
    const secret = join(dir, 'id_ed25519');
    writeFileSync(secret, 'PRIVATE KEY');
    pointAt(secret, 11);
    expect(() => recordingMediaFile(lib.ctx, rec, 'original')).toThrow(/not a video file/);
    const dressed = join(dir, 'holiday.mp4');
    symlinkSync(secret, dressed);
    pointAt(dressed, 11);
    expect(() => recordingMediaFile(lib.ctx, rec, 'original')).toThrow(/not a video file/);
    const other = join(dir, 'other.mp4');
    writeFileSync(other, 'x'.repeat(50));
    pointAt(other);
    expect(() => recordingMediaFile(lib.ctx, rec, 'original')).toThrow(/not the size recorded at import/);
  });
});
