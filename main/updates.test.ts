import { afterAll, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { updateChecker, updatesConfigured, type Updater } from './updates';

const dir = mkdtempSync(join(tmpdir(), 'osce-updates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** electron-updater's autoUpdater as documented: events after checkForUpdates / downloadUpdate. */
class FakeUpdater extends EventEmitter {
  autoDownload = true;
  installed = false;
  downloads = 0;
  constructor(private readonly outcome: { available?: string; error?: string }) {
    super();
  }
  async checkForUpdates() {
    setImmediate(() => {
      if (this.outcome.error) this.emit('error', new Error(this.outcome.error));
      else if (this.outcome.available) this.emit('update-available', { version: this.outcome.available });
      else this.emit('update-not-available', { version: '0.1.0' });
    });
    return null;
  }
  async downloadUpdate() {
    this.downloads++;
    setImmediate(() => this.emit('update-downloaded', { version: this.outcome.available }));
    return [];
  }
  quitAndInstall() {
    this.installed = true;
  }
}

function checker(outcome: { available?: string; error?: string }, answers: number[] = []) {
  const updater = new FakeUpdater(outcome);
  const boxes: Record<string, unknown>[] = [];
  const check = updateChecker({
    loadUpdater: async () => updater as unknown as Updater,
    dialog: {
      showMessageBox: (async (o: Record<string, unknown>) => (
        boxes.push(o),
        { response: answers.shift() ?? 0, checkboxChecked: false }
      )) as never,
    },
    window: () => null,
    currentVersion: '0.1.0',
    log: { info() {}, warn() {}, error() {} },
  });
  return { updater, boxes, check };
}

describe('update checks', () => {
  it('are available only in a packaged app built with an update server (app-update.yml)', () => {
    expect(updatesConfigured({ packaged: true, resourcesPath: dir })).toBe(false);
    writeFileSync(join(dir, 'app-update.yml'), 'provider: generic\nurl: https://updates.lab.example/\n');
    expect(updatesConfigured({ packaged: true, resourcesPath: dir })).toBe(true);
    expect(updatesConfigured({ packaged: false, resourcesPath: dir })).toBe(false);
  });

  it('are refused unless the update server is https (security review B): on Linux only its own sha512 vouches for a file', () => {
    for (const yml of [
      'provider: generic\nurl: http://updates.lab.example/\n',
      'provider: generic\nurl: "http://updates.lab.example/"\n',
      'provider: generic\n',
      'provider: generic\nurl: ftp://updates.lab.example/\n',
    ]) {
      writeFileSync(join(dir, 'app-update.yml'), yml);
      expect(updatesConfigured({ packaged: true, resourcesPath: dir }), yml).toBe(false);
    }
    writeFileSync(join(dir, 'app-update.yml'), "provider: generic\nurl: 'https://updates.lab.example/osce'\n");
    expect(updatesConfigured({ packaged: true, resourcesPath: dir })).toBe(true);
  });

  it('say so when there is nothing new, and never download by themselves', async () => {
    const t = checker({});
    await t.check();
    expect(t.updater.autoDownload).toBe(false);
    expect(t.boxes.map((b) => b.message)).toEqual(['No update available']);
  });

  it('download only after a yes, and restart only after a second yes', async () => {
    const yes = checker({ available: '0.2.0' }, [0, 0]);
    await yes.check();
    expect(yes.boxes.map((b) => b.message)).toEqual(['Version 0.2.0 is available', 'The update is ready']);
    expect(yes.updater.downloads).toBe(1);
    expect(yes.updater.installed).toBe(true);

    const later = checker({ available: '0.2.0' }, [1]);
    await later.check();
    expect(later.updater.downloads).toBe(0);

    const notNow = checker({ available: '0.2.0' }, [0, 1]);
    await notNow.check();
    expect(notNow.updater.downloads).toBe(1);
    expect(notNow.updater.installed).toBe(false);
  });

  it("show the server's error (an offline lab) instead of failing silently", async () => {
    const t = checker({ error: 'net::ERR_INTERNET_DISCONNECTED' });
    await t.check();
    expect(t.boxes).toEqual([
      expect.objectContaining({
        type: 'error',
        message: 'Could not check for updates',
        detail: 'net::ERR_INTERNET_DISCONNECTED',
      }),
    ]);
    expect(t.updater.listenerCount('error')).toBe(0);
  });
});
