// `osce score --prompt-language`: the prompt stays English unless the rubric's own other language
// is chosen; the choice is stored with each run, so runs (and model raters) can be told apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { closeDatabase } from '../db/connection';
import { builtinRubric } from '../domain/rubric/builtin';
import { saveRubric } from '../services/rubrics/store';
import { makeTestRecording } from '../tests/support/test-media';
import { insertTestRecordings, openTestDb, tempDir } from '../tests/support/scoring-fixtures';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../tests/support/fake-openai';

const root = resolve(import.meta.dirname, '..');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'osce.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, OPENAI_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((res) => child.on('close', (code) => res({ code, stdout, stderr })));
}

let server: FakeOpenAI;
let video: string;
beforeAll(async () => {
  server = await startFakeOpenAI();
  video = await makeTestRecording(tempDir('osce-score-language-media-'), 'mp4-h264-aac', { durationS: 4 });
});
afterAll(() => server.close());

/** A database with one recording of `rubricId` (BMV unless a lab rubric without Chinese text is asked for). */
function examDb(rubricId: 'bmv' | 'airway-lab' = 'bmv'): { dbPath: string; recordingId: number } {
  const { db, dbPath } = openTestDb();
  if (rubricId === 'airway-lab') {
    const { translations: _zh, ...plain } = builtinRubric('bmv')!;
    saveRubric(db, { ...plain, id: 'airway-lab', title: 'Airway lab checklist' }, { actor: 'test' });
  }
  const { recordingIds } = insertTestRecordings(db, {
    rubricId,
    storedPath: video,
    durationS: 4,
    width: 320,
    height: 180,
  });
  closeDatabase(db);
  return { dbPath, recordingId: recordingIds[0]! };
}

const score = (dbPath: string, ...extra: string[]) =>
  run([
    'score',
    '--base-url',
    server.url,
    '--model',
    'fake-vision',
    '--kind',
    'local',
    '--db',
    dbPath,
    '--frames',
    '2',
    '--all',
    '--force',
    ...extra,
  ]);

/** The text the model was sent (system prompt and user text) in the last chat request. */
function lastPrompt(): string {
  const chats: RecordedRequest[] = server.chatRequests();
  return chats[chats.length - 1]!.texts.join('\n');
}

const HAN = /[\u4e00-\u9fff]/;

describe('osce score --prompt-language', () => {
  it('sends the English rubric by default and the Chinese text when asked, with the same step ids; both runs are kept apart', async () => {
    const { dbPath, recordingId } = examDb();

    const english = await score(dbPath);
    expect(english.code, english.stderr).toBe(0);
    const en = lastPrompt();
    expect(en).toContain('Mask seal (E-C clamp)');
    expect(en).toContain('- id: bmv.mask_seal');
    expect(en).not.toMatch(HAN);

    const chinese = await score(dbPath, '--prompt-language', 'zh-CN');
    expect(chinese.code, chinese.stderr).toBe(0);
    const zh = lastPrompt();
    expect(zh).toContain('- id: bmv.mask_seal');
    expect(zh).toContain('title: 面罩密闭（EC 手法）');
    expect(zh).toContain('拇指和食指呈“C”形扣住面罩');
    expect(zh).toContain('-4 面罩未密闭：漏气致胸廓无起伏');
    expect(zh).toContain('allowed scores: 0, 1, 2, 3, 4 (maximum 4)');
    expect(zh).toContain('is written in Simplified Chinese (zh-CN)');
    expect(zh).not.toContain('Mask seal (E-C clamp)');

    const listed = await run(['runs', '--db', dbPath, '--recording', String(recordingId), '--json']);
    const runs = JSON.parse(listed.stdout).runs as { promptLanguage: string; status: string }[];
    expect(runs.map((r) => [r.promptLanguage, r.status])).toEqual([
      ['en', 'done'],
      ['zh-CN', 'done'],
    ]);
    const text = await run(['runs', '--db', dbPath]);
    expect(text.stdout).toMatch(/score-v2 \(rubric in zh-CN\)/);

    const db = new Database(dbPath, { readonly: true });
    const raters = db.prepare(`SELECT config FROM raters WHERE kind = 'model' ORDER BY id`).pluck().all() as string[];
    const specs = db.prepare('SELECT frame_spec FROM model_runs ORDER BY id').pluck().all() as string[];
    db.close();
    // Two model raters: a model judging Chinese criteria is compared with examiners on its own.
    expect(raters.map((c) => (JSON.parse(c) as { promptLanguage?: string }).promptLanguage)).toEqual([
      undefined,
      'zh-CN',
    ]);
    expect(specs.map((s) => (JSON.parse(s) as { promptLanguage?: string }).promptLanguage)).toEqual([
      undefined,
      'zh-CN',
    ]);
  });

  it('refuses a run in Chinese for a rubric without a Chinese text, sending no rubric and no frames', async () => {
    const { dbPath } = examDb('airway-lab');
    const before = server.chatRequests().length;
    const r = await score(dbPath, '--prompt-language', 'zh-CN');
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toContain(
      'rubric airway-lab version 1 has no Chinese (zh-CN) text to put in the prompt; add it in the rubric editor or score with the English prompt',
    );
    // Only the capability probes of a new server reach it: no rubric, no frames.
    const sent = server.chatRequests().slice(before);
    expect(sent.filter((q) => q.texts.join('\n').includes('bmv.mask_seal') || q.imageCount > 1)).toEqual([]);
  });

  it('names the languages it knows for anything else', async () => {
    const { dbPath } = examDb();
    const r = await score(dbPath, '--prompt-language', 'fr');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--prompt-language must be one of en, zh-CN, got 'fr'/);
  });
});
