import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { closeDatabase } from '../db/connection';
import { makeTestRecording } from '../tests/support/test-media';
import { insertTestRecordings, openTestDb, tempDir } from '../tests/support/scoring-fixtures';
import { startFakeOpenAI, type FakeOpenAI } from '../tests/support/fake-openai';

const root = resolve(import.meta.dirname, '..');

/** The real `osce` bin, asynchronously: the fake server lives in this process and must keep answering. */
function osce(
  args: string[],
  env: Record<string, string> = {},
): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [join(root, 'bin', 'osce.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, OPENAI_API_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((res) =>
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr })),
  );
  return { child, done };
}
const run = (args: string[], env?: Record<string, string>) => osce(args, env).done;

let server: FakeOpenAI;
let video: string;
beforeAll(async () => {
  server = await startFakeOpenAI();
  video = await makeTestRecording(tempDir('osce-score-cli-media-'), 'mp4-h264-aac', { durationS: 4 });
});
afterAll(() => server.close());

/** A database file with `count` BMV recordings (all pointing at one small real video). */
function examDb(count: number): { dbPath: string; ids: number[]; dir: string; stationId: number } {
  const { db, dbPath, dir } = openTestDb();
  const { recordingIds, stationId } = insertTestRecordings(db, {
    count,
    storedPath: video,
    durationS: 4,
    width: 320,
    height: 180,
  });
  closeDatabase(db);
  return { dbPath, ids: recordingIds, dir, stationId };
}

function query<T>(dbPath: string, sql: string, ...p: unknown[]): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare(sql)
      .pluck()
      .get(...p) as T;
  } finally {
    db.close();
  }
}

const base = (url: string, dbPath: string) => [
  'score',
  '--base-url',
  url,
  '--model',
  'fake-vision',
  '--kind',
  'local',
  '--db',
  dbPath,
  '--frames',
  '3',
];

describe('osce score: usage', () => {
  it('exits 2 naming the problem, without touching the server', async () => {
    const { dbPath, ids } = examDb(1);
    const before = server.chatRequests().length;
    const none = await run(base(server.url, dbPath));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/exactly one of --recording ID\.\.\., --station ID or --all/);
    const two = await run([...base(server.url, dbPath), '--all', '--recording', String(ids[0])]);
    expect(two.code).toBe(2);
    const frames = await run([...base(server.url, dbPath), '--all', '--frames', 'many']);
    expect(frames.code).toBe(2);
    expect(frames.stderr).toMatch(/--frames must be a whole number/);
    const task = await run([...base(server.url, dbPath), '--all', '--task', 'grade']);
    expect(task.stderr).toMatch(/--task must be one of score, binary/);
    const missing = await run([...base(server.url, dbPath), '--recording', '999']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Recording 999 was not found/);
    const url = await run([
      'score',
      '--base-url',
      'localhost:8080',
      '--model',
      'm',
      '--kind',
      'local',
      '--db',
      dbPath,
      '--all',
    ]);
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/--base-url: /);
    // The kind is the user's to say (or a preset's): a host name never decides it.
    const noKind = await run(['score', '--base-url', server.url, '--model', 'm', '--db', dbPath, '--all']);
    expect(noKind.code).toBe(2);
    expect(noKind.stderr).toMatch(/--kind local .*--kind api .*--preset NAME/);
    const preset = await run(['score', '--preset', 'azure-openai', '--model', 'm', '--db', dbPath, '--all']);
    expect(preset.stderr).toMatch(
      /--base-url is needed for --preset azure-openai: https:\/\/\{resource\}\.openai\.azure\.com\/openai\/v1/,
    );
    expect(server.chatRequests().length).toBe(before);
  });
});

describe('presets and what a server accepts', () => {
  it('osce providers test prints the negotiated capabilities as JSON and keeps them for osce score', async () => {
    const { dbPath, ids } = examDb(1);
    server.setProfile({ responseFormats: ['json_object'], tokenParameter: 'max_tokens', noAudio: true });
    try {
      const r = await run([
        'providers',
        'test',
        '--preset',
        'llama-cpp',
        '--base-url',
        server.url,
        '--model',
        'fake-vision',
        '--db',
        dbPath,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.capabilities).toMatchObject({
        structuredOutput: 'json_object',
        tokenParameter: 'max_tokens',
        images: true,
        audio: false,
      });
      expect(out.checks.map((c: { name: string }) => c.name)).toEqual(['key', 'models', 'answer', 'images', 'audio']);
      const before = server.chatRequests().length;
      // A preset for a lab server: no key, max_tokens, the stored answer format from the first request on.
      const scored = await run([
        'score',
        '--preset',
        'llama-cpp',
        '--base-url',
        server.url,
        '--model',
        'fake-vision',
        '--db',
        dbPath,
        '--frames',
        '3',
        '--recording',
        String(ids[0]),
      ]);
      expect(scored.code, scored.stderr).toBe(0);
      const sent = server.chatRequests().slice(before);
      expect(
        sent.map((q) => [(q.responseFormat as { type: string }).type, 'max_tokens' in q.body, q.authorization]),
      ).toEqual([['json_object', true, 'Bearer no-key']]);
    } finally {
      server.setProfile({});
    }
  });

  it('a server that cannot take images fails the batch once, with its own words', async () => {
    const { dbPath } = examDb(2);
    server.setProfile({ noImages: true });
    try {
      const r = await run([...base(server.url, dbPath), '--all']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /cannot take images, which scoring needs\. The server said: "image input is not supported/,
      );
      expect(query<number>(dbPath, 'SELECT count(*) FROM model_runs')).toBe(0);
    } finally {
      server.setProfile({});
    }
  });

  it('names the missing key with the way out for a lab server, and says whether faces are masked', async () => {
    const { dbPath } = examDb(1);
    const noKey = await run([...base(server.url, dbPath), '--kind', 'api', '--all']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/OPENAI_API_KEY is not set.*use --kind local/);
    const unmasked = await run([...base(server.url, dbPath), '--all', '--no-mask-faces']);
    expect(unmasked.stderr).toMatch(/Faces: not masked/);
  });
});

describe('osce score and osce runs', () => {
  it('scores recordings, prints JSON results, and lists the runs with their answers', async () => {
    const { dbPath, ids, stationId } = examDb(2);
    const r = await run([...base(server.url, dbPath), '--station', String(stationId), '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { results: Record<string, unknown>[] };
    expect(out.results).toHaveLength(2);
    for (const [i, x] of out.results.entries()) {
      expect(Object.keys(x).sort()).toEqual([
        'completion_tokens',
        'prompt_tokens',
        'reason',
        'recording_id',
        'run_id',
        'status',
      ]);
      expect(x).toMatchObject({ recording_id: ids[i], status: 'done', reason: null });
      expect(x.prompt_tokens).toBeGreaterThan(0);
    }
    expect(r.stderr).toMatch(/Estimate: 2 request\(s\), 6 frames/);
    const listed = await run(['runs', '--db', dbPath, '--recording', String(ids[0]), '--json']);
    const runs = JSON.parse(listed.stdout).runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'done', model: 'fake-vision', task: 'score', mode: 'full', reason: null });
    expect(Object.keys(runs[0].answer.steps)).toContain('bmv.mask_seal');
    const text = await run(['runs', '--db', dbPath]);
    expect(text.stdout).toMatch(
      /run \d+ {2}recording \d+ {2}done {2}fake-vision @ 127\.0\.0\.1:\d+ {2}score\/full {2}score-v2/,
    );
    expect(text.stdout).toMatch(/ {4}bmv\.mask_seal: score 4 \[\d+(\.\d+)? s\] — Visible in the frames/);
  });

  it('exits 1 when a recording fails, with the reason, and reuses finished runs on the next call', async () => {
    const { dbPath, ids } = examDb(2);
    server.respondWith(() => ({ kind: 'prose' }));
    let first;
    try {
      first = await run([...base(server.url, dbPath), '--recording', String(ids[0]), '--json']);
    } finally {
      server.respondWith(null);
    }
    expect(first.code).toBe(1);
    const res = JSON.parse(first.stdout).results[0];
    expect(res).toMatchObject({ status: 'failed' });
    expect(res.reason).toMatch(/rejected twice .*prose, not a JSON object/);
    const ok = await run([...base(server.url, dbPath), '--all']);
    expect(ok.code).toBe(0);
    const again = await run([...base(server.url, dbPath), '--all']);
    expect(again.stdout).toMatch(/reused: identical settings/);
    expect(query<number>(dbPath, `SELECT count(*) FROM model_runs WHERE status = 'done'`)).toBe(2);
  });

  it('needs --yes-send-frames for a host that is not this machine, saying what would leave it', async () => {
    const { dbPath } = examDb(1);
    const refused = await run([
      'score',
      '--base-url',
      'http://models.invalid/v1',
      '--model',
      'm',
      '--kind',
      'local',
      '--db',
      dbPath,
      '--all',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /models\.invalid is not on this machine\. This sends 16 still frames of each recording .* and the station's rubric text/,
    );
    expect(refused.stderr).toMatch(/--yes-send-frames/);
    expect(query<number>(dbPath, 'SELECT count(*) FROM model_runs')).toBe(0);
    const agreed = await run([
      'score',
      '--base-url',
      'http://models.invalid/v1',
      '--model',
      'm',
      '--kind',
      'local',
      '--db',
      dbPath,
      '--all',
      '--yes-send-frames',
      '--timeout',
      '5',
    ]);
    expect(agreed.code).toBe(1);
    expect(agreed.stdout).toMatch(/failed: could not connect to models\.invalid/);
    expect(query<number>(dbPath, 'SELECT count(*) FROM provider_consents')).toBe(1);
  });
});

describe('the API key', () => {
  const KEY = 'sk-osce-TEST-KEY-Zq8vW3xY7pL2nR5t';

  it('is required for an API provider and named by variable, never by value', async () => {
    const { dbPath } = examDb(1);
    const r = await run([...base(server.url, dbPath), '--kind', 'api', '--api-key-env', 'OSCE_TEST_KEY', '--all']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No API key: environment variable OSCE_TEST_KEY is not set/);
  });

  it('is not taken from OPENAI_API_KEY for a local server unless --api-key-env names it', async () => {
    const { dbPath } = examDb(1);
    const before = server.chatRequests().length;
    const r = await run([...base(server.url, dbPath), '--all'], { OPENAI_API_KEY: KEY });
    expect(r.code, r.stderr).toBe(0);
    expect(
      new Set(
        server
          .chatRequests()
          .slice(before)
          .map((q) => q.authorization),
      ),
    ).toEqual(new Set(['Bearer no-key']));
  });

  it('appears nowhere in the database file, its WAL, the log or the output', async () => {
    const { dbPath, dir } = examDb(3);
    // One answer quotes the key back and one error message does, as a misbehaving server might.
    server.respondWith((req, n) => {
      expect(req.authorization).toBe(`Bearer ${KEY}`);
      // The tiny requests that test a new provider get plain answers; the scoring ones misbehave.
      if (req.imageCount <= 1) return { kind: 'valid' };
      if (n % 3 === 0) return { kind: 'text', text: `I was called with ${KEY}, here is prose.` };
      if (n % 3 === 1) return { kind: 'status', status: 400, message: `Bad request for key ${KEY}` };
      return { kind: 'valid' };
    });
    const child = osce(
      [...base(server.url, dbPath), '--kind', 'api', '--api-key-env', 'OSCE_TEST_KEY', '--all', '--concurrency', '1'],
      { OSCE_TEST_KEY: KEY },
    );
    let r;
    try {
      r = await child.done;
    } finally {
      server.respondWith(null);
    }
    expect(r.code).toBe(1);
    const runsOut = await run(['runs', '--db', dbPath, '--json']);
    expect(runsOut.stdout).toContain('[redacted]');
    const logFile = join(dir, 'logs', 'osce.log');
    const haystacks: [string, Buffer | string][] = [
      ['stdout', r.stdout],
      ['stderr', r.stderr],
      ['runs output', runsOut.stdout],
      ['database', readFileSync(dbPath)],
      ...(existsSync(dbPath + '-wal') ? [['wal', readFileSync(dbPath + '-wal')] as [string, Buffer]] : []),
      ...(existsSync(logFile) ? [['log', readFileSync(logFile)] as [string, Buffer]] : []),
    ];
    expect(haystacks.map(([n]) => n)).toContain('log');
    for (const [name, hay] of haystacks) {
      const found = typeof hay === 'string' ? hay.includes(KEY) : hay.includes(Buffer.from(KEY));
      expect(found, `key found in ${name}`).toBe(false);
      const partial = typeof hay === 'string' ? hay.includes(KEY.slice(8)) : hay.includes(Buffer.from(KEY.slice(8)));
      expect(partial, `part of the key found in ${name}`).toBe(false);
    }
  });
});

describe('interrupting a batch', () => {
  async function waitFor(cond: () => boolean, timeoutMs = 60_000): Promise<void> {
    const t0 = Date.now();
    while (!cond()) {
      if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('Ctrl-C cancels cleanly: no run left queued or running, exit 1', async () => {
    const { dbPath } = examDb(6);
    server.setLatency(800);
    try {
      const p = osce([...base(server.url, dbPath), '--all', '--concurrency', '2', '--json']);
      await waitFor(
        () =>
          server.chatRequests().some((q) => q.at > Date.now() - 2000) &&
          query<number>(dbPath, `SELECT count(*) FROM model_runs WHERE status = 'running'`) > 0,
      );
      p.child.kill('SIGINT');
      const r = await p.done;
      expect(r.code).toBe(1);
      const statuses = (JSON.parse(r.stdout).results as { status: string }[]).map((x) => x.status);
      expect(statuses).toContain('cancelled');
      expect(query<number>(dbPath, `SELECT count(*) FROM model_runs WHERE status IN ('queued', 'running')`)).toBe(0);
      expect(
        query<number>(
          dbPath,
          `SELECT count(*) FROM step_scores s JOIN model_runs m ON m.id = s.run_id WHERE m.status <> 'done'`,
        ),
      ).toBe(0);
    } finally {
      server.setLatency(0);
    }
  });

  it('a process killed mid-batch, run again, finishes the batch with no duplicate runs', async () => {
    const { dbPath, ids } = examDb(8);
    const args = [...base(server.url, dbPath), '--all', '--concurrency', '2', '--json'];
    server.setLatency(400);
    try {
      const first = osce(args);
      await waitFor(
        () => existsSync(dbPath) && query<number>(dbPath, `SELECT count(*) FROM model_runs WHERE status = 'done'`) >= 2,
      );
      first.child.kill('SIGKILL');
      const killed = await first.done;
      expect(killed.signal).toBe('SIGKILL');
      const doneBefore = query<number>(dbPath, `SELECT count(*) FROM model_runs WHERE status = 'done'`);
      expect(doneBefore).toBeLessThan(8);
      expect(query<number>(dbPath, `SELECT count(*) FROM model_runs WHERE status = 'running'`)).toBeGreaterThan(0);

      const second = await run(args);
      expect(second.code, second.stderr).toBe(0);
      expect((JSON.parse(second.stdout).results as { status: string }[]).every((x) => x.status === 'done')).toBe(true);
    } finally {
      server.setLatency(0);
    }
    expect(query<number>(dbPath, 'SELECT count(*) FROM model_runs')).toBe(8);
    expect(query<number>(dbPath, `SELECT count(*) FROM model_runs WHERE status = 'done'`)).toBe(8);
    expect(query<number>(dbPath, 'SELECT count(DISTINCT recording_id) FROM model_runs')).toBe(ids.length);
    expect(query<number>(dbPath, 'SELECT count(DISTINCT run_id) FROM step_scores')).toBe(8);
    expect(query<number>(dbPath, 'SELECT count(*) FROM step_scores')).toBe(8 * 5);
    expect(
      query<string>(dbPath, `SELECT group_concat(status) FROM (SELECT status FROM background_jobs ORDER BY id)`),
    ).toMatch(/^failed,done$/);
  });
});
