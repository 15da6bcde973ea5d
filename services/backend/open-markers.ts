/**
 * Whether the database was shut down cleanly. Each process that opens it leaves a small marker
 * file beside it (`<db>.open/<host>-<pid>-<token>`) and removes it when it closes the database; a
 * marker of a process on this machine that no longer runs means that process crashed, was killed
 * or lost power with the database open, and the next open runs the full integrity check first.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

export interface OpenMarker {
  /** Markers of processes that ended without closing the database (removed now). */
  uncleanShutdowns: string[];
  release(): void;
}

const MARKER = /^(.+)-(\d+)-[0-9a-f]{12}$/;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Leaves this process's marker and reports the markers of crashed processes. */
export function claimOpenMarker(dbPath: string): OpenMarker {
  const folder = `${dbPath}.open`;
  const host = hostname().replace(/[^A-Za-z0-9._]/g, '_');
  const own = `${host}-${process.pid}-${randomBytes(6).toString('hex')}`;
  const uncleanShutdowns: string[] = [];
  try {
    mkdirSync(folder, { recursive: true });
    for (const name of readdirSync(folder)) {
      const m = MARKER.exec(name);
      // Another machine's process (a shared folder) cannot be asked whether it still runs.
      if (!m || m[1] !== host || running(Number(m[2]))) continue;
      uncleanShutdowns.push(name);
      rmSync(join(folder, name), { force: true });
    }
    writeFileSync(join(folder, own), '');
  } catch {
    // A folder that cannot be written: the open itself says so (read-only); no marker, nothing to report.
    return { uncleanShutdowns, release: () => undefined };
  }
  return { uncleanShutdowns, release: () => rmSync(join(folder, own), { force: true }) };
}
