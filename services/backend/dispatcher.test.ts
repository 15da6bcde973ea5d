import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '../../contract/events';
import { silentLogger } from '../core/log';
import { CancelledError } from '../core/errors';
import { Dispatcher } from './dispatcher';
import { createBackendHandlers, type BackendHandlers } from './handlers';
import { openServiceContext } from './open';

function setup(overrides: Partial<BackendHandlers> = {}) {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'osce-dispatch-')), 'osce.sqlite');
  const { ctx, close } = openServiceContext({ dbPath, appVersion: 'test', logger: silentLogger });
  const events: ProgressEvent[] = [];
  const d = new Dispatcher(
    { ...createBackendHandlers(ctx), ...overrides },
    (e, p) => e === 'progress' && events.push(p as ProgressEvent),
    silentLogger,
  );
  return { d, ctx, close, events };
}

describe('Dispatcher', () => {
  it('validates arguments before any handler runs and writes nothing on bad input', async () => {
    const { d, ctx, close } = setup();
    const r = await d.call('createSession', [{ name: '' }]);
    expect(r).toMatchObject({ ok: false, error: { name: 'InvalidArguments' } });
    expect(ctx.db.prepare('SELECT count(*) FROM exam_sessions').pluck().get()).toBe(0);
    expect(await d.call('createSession', 'not an array')).toMatchObject({
      ok: false,
      error: { name: 'InvalidArguments' },
    });
    expect(await d.call('__proto__', [])).toMatchObject({ ok: false, error: { name: 'UnknownCall' } });
    expect(await d.call('revealDataFolder', [])).toMatchObject({ ok: false, error: { name: 'UnknownCall' } });
    close();
  });

  it('runs a valid call and audits the write', async () => {
    const { d, ctx, close } = setup();
    const r = await d.call('createSession', [{ name: 'Spring OSCE', date: '2026-04-02' }]);
    expect(r).toMatchObject({ ok: true, value: { name: 'Spring OSCE', date: '2026-04-02', blindFirst: true } });
    expect(await d.call('createSession', [{ name: 'Spring OSCE' }])).toMatchObject({
      ok: false,
      error: { name: 'DuplicateSession' },
    });
    expect(ctx.db.prepare(`SELECT action FROM audit_events WHERE entity = 'exam_session'`).pluck().all()).toEqual([
      'create',
    ]);
    close();
  });

  it('reports progress of a long operation and cancels it by operation id', async () => {
    let release: () => void = () => {};
    const { d, events, close } = setup({
      runDiagnostics: async (_args, op) => {
        op.progress({ done: 0, total: 2, current: 'first' });
        await new Promise<void>((r) => (release = r));
        if (op.signal.aborted) throw new CancelledError();
        return { ok: true, checks: [] };
      },
    });
    const pending = d.call('runDiagnostics', ['op-12345678']);
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual([
      { operationId: 'op-12345678', kind: 'runDiagnostics', done: 0, total: 2, current: 'first' },
    ]);
    expect(await d.call('cancelOperation', ['op-12345678'])).toEqual({ ok: true, value: { cancelled: true } });
    release();
    expect(await pending).toMatchObject({ ok: false, error: { name: 'Cancelled' } });
    expect(await d.call('cancelOperation', ['op-12345678'])).toEqual({ ok: true, value: { cancelled: false } });
    close();
  });
});
