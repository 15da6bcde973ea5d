/**
 * Exam bundles the operating system asks the app to open: a double-click on a .osce-bundle file
 * (electron-builder `fileAssociations`) arrives as 'open-file' on macOS, and as command-line
 * arguments on Windows and Linux, either at start-up or through 'second-instance'. Paths wait here
 * until the page takes them (takeOpenedFiles), so one that arrives before the window exists, or
 * while the page reloads, is not lost and is never handed over twice.
 */
import { statSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';

export const BUNDLE_EXTENSION = 'osce-bundle';
/** A double-click at the wrong moment must not queue without end. */
const MAX_PENDING = 20;

/** The bundle files among command-line arguments (flags and other files ignored), made absolute. */
export function bundlePathsFromArgs(args: readonly string[], cwd: string): string[] {
  return args
    .filter((a) => !a.startsWith('-') && extname(a).toLowerCase() === `.${BUNDLE_EXTENSION}`)
    .map((a) => (isAbsolute(a) ? a : resolve(cwd, a)));
}

export class OpenedFiles {
  private pending: string[] = [];

  /** Queues existing regular files; returns whether anything was queued (so the page can be told). */
  add(paths: readonly string[]): boolean {
    let added = false;
    for (const path of paths) {
      if (this.pending.includes(path) || this.pending.length >= MAX_PENDING) continue;
      try {
        if (!statSync(path).isFile()) continue;
      } catch {
        continue;
      }
      this.pending.push(path);
      added = true;
    }
    return added;
  }

  /** Everything waiting, once. */
  take(): string[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
