import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../contract/define';
import type { AppCommandEvent } from '../contract/events';
import { appCommandHandler, type AppCommandDeps } from './app-commands';
import { OpenedFiles } from './opened-files';

const dir = mkdtempSync(join(tmpdir(), 'osce-app-commands-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(
  over: { backup?: Envelope<unknown>; openPath?: string; dialogPaths?: string[] | null; updateFails?: boolean } = {},
) {
  const events: AppCommandEvent[] = [];
  const boxes: Record<string, unknown>[] = [];
  const opened: string[] = [];
  const logged: unknown[] = [];
  const calls: string[] = [];
  const openedFiles = new OpenedFiles();
  const deps: AppCommandDeps = {
    window: () => null,
    notify: (e) => events.push(e),
    backend: {
      dataDir: '/data',
      call: async (name) => (
        calls.push(name),
        over.backup ?? { ok: true, value: { file: '/data/backups/osce-manual.sqlite', at: '', bytes: 1 } }
      ),
    },
    logsDir: '/logs',
    openedFiles,
    dialog: {
      showOpenDialog: (async () =>
        over.dialogPaths
          ? { canceled: false, filePaths: over.dialogPaths }
          : { canceled: true, filePaths: [] }) as never,
      showMessageBox: (async (o: Record<string, unknown>) => (
        boxes.push(o),
        { response: 0, checkboxChecked: false }
      )) as never,
    },
    shell: { openPath: async (p) => (opened.push(p), over.openPath ?? '') },
    checkForUpdates: async () => {
      if (over.updateFails) throw new Error('offline');
      calls.push('update');
    },
    log: { info() {}, warn() {}, error: (m, f) => logged.push([m, f]) },
  };
  return { run: appCommandHandler(deps), events, boxes, opened, logged, calls, openedFiles };
}

describe('app commands', () => {
  it('screen commands go to the page', async () => {
    const t = setup();
    for (const c of ['import', 'export-report', 'keyboard-shortcuts'] as const) await t.run(c);
    expect(t.events).toEqual([{ command: 'import' }, { command: 'export-report' }, { command: 'keyboard-shortcuts' }]);
  });

  it('Open exam bundle queues the chosen file and tells the page; a cancelled dialog does nothing', async () => {
    const bundle = join(dir, 'day1.osce-bundle');
    writeFileSync(bundle, 'x');
    const chosen = setup({ dialogPaths: [bundle] });
    await chosen.run('open-bundle');
    expect(chosen.events).toEqual([{ command: 'open-bundle' }]);
    expect(chosen.openedFiles.take()).toEqual([bundle]);
    const cancelled = setup({ dialogPaths: null });
    await cancelled.run('open-bundle');
    expect(cancelled.events).toEqual([]);
  });

  it('Back up now calls the backend and reports the file, or the reason it failed', async () => {
    const ok = setup();
    await ok.run('backup-now');
    expect(ok.calls).toEqual(['backupNow']);
    expect(ok.boxes).toEqual([{ type: 'info', message: 'Backup written', detail: '/data/backups/osce-manual.sqlite' }]);
    const failed = setup({ backup: { ok: false, error: { name: 'BackupFailed', message: 'The disk is full.' } } });
    await failed.run('backup-now');
    expect(failed.boxes).toEqual([{ type: 'error', message: 'The backup failed', detail: 'The disk is full.' }]);
  });

  it('opens the data and logs folders, and says so when the file manager cannot', async () => {
    const t = setup();
    await t.run('open-data-folder');
    await t.run('open-logs-folder');
    expect(t.opened).toEqual(['/data', '/logs']);
    const broken = setup({ openPath: 'No application is registered' });
    await broken.run('open-logs-folder');
    expect(broken.boxes[0]).toMatchObject({ type: 'error', detail: '/logs\nNo application is registered' });
  });

  it('a command that throws is logged and shown, never an unhandled rejection', async () => {
    const t = setup({ updateFails: true });
    await expect(t.run('check-for-updates')).resolves.toBeUndefined();
    expect(t.logged).toEqual([
      ['menu command failed', { command: 'check-for-updates', error: 'Error', message: 'offline' }],
    ]);
    expect(t.boxes[0]).toMatchObject({ type: 'error', detail: 'offline' });
  });
});
