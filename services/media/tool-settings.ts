/**
 * Where this user's ffmpeg and ffprobe paths are kept. Never in the exam database: whoever can
 * write that shared file could otherwise name a program of theirs and have every examiner's app
 * run it. The app keeps them in `tool-paths.json` (mode 0600) in its user-data folder, written by
 * the backend only on a Settings change; the command line takes them from OSCE_FFMPEG and
 * OSCE_FFPROBE; tests without either keep them in memory.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { z } from 'zod';
import type { ToolPathValues } from '../../contract/system';
import type { ToolPathStore } from '../core/context';
import { writeFileAtomic } from '../integrity/files';

export type { ToolPathStore };

const NONE: ToolPathValues = { ffmpegPath: null, ffprobePath: null };
const Path = z
  .string()
  .max(4096)
  .refine((p) => isAbsolute(p) && !p.includes('\0'))
  .nullable();
const Paths = z.object({ ffmpegPath: Path, ffprobePath: Path }).strict();
const ToolPathFile = z
  .object({ format: z.literal('osce-tool-paths'), version: z.literal(1), current: Paths, pending: Paths })
  .strict();

/** Settings on the command line are given by flags or the environment, not saved. */
class ToolPathsFixedError extends Error {
  override name = 'ToolPathsFixed';
  constructor() {
    super(
      'On the command line the ffmpeg and ffprobe paths come from OSCE_FFMPEG and OSCE_FFPROBE; nothing was saved.',
    );
  }
}

const merged = (base: ToolPathValues, patch: Partial<ToolPathValues>): ToolPathValues => ({
  ffmpegPath: patch.ffmpegPath !== undefined ? patch.ffmpegPath : base.ffmpegPath,
  ffprobePath: patch.ffprobePath !== undefined ? patch.ffprobePath : base.ffprobePath,
});

/** A saved tool's pending path is settled by the save. */
const settled = (pending: ToolPathValues, patch: Partial<ToolPathValues>): ToolPathValues => ({
  ffmpegPath: patch.ffmpegPath !== undefined ? null : pending.ffmpegPath,
  ffprobePath: patch.ffprobePath !== undefined ? null : pending.ffprobePath,
});

/** The app's store: a small file in the user-data folder; a missing or damaged one counts as empty. */
export function userToolPathFile(file: string): ToolPathStore {
  const read = (): { current: ToolPathValues; pending: ToolPathValues } => {
    try {
      if (!existsSync(file) || !lstatSync(file).isFile() || lstatSync(file).size > 100_000)
        return { current: NONE, pending: NONE };
      const parsed = ToolPathFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data : { current: NONE, pending: NONE };
    } catch {
      return { current: NONE, pending: NONE };
    }
  };
  const write = (v: { current: ToolPathValues; pending: ToolPathValues }) => {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileAtomic(file, JSON.stringify({ format: 'osce-tool-paths', version: 1, ...v }, null, 2) + '\n', 0o600);
  };
  return {
    kind: 'user-file',
    current: () => read().current,
    pending: () => read().pending,
    save(patch) {
      const v = read();
      write({ current: merged(v.current, patch), pending: settled(v.pending, patch) });
    },
    addPending(patch) {
      const v = read();
      write({ current: v.current, pending: merged(v.pending, patch) });
    },
  };
}

/** The command line's: what OSCE_FFMPEG / OSCE_FFPROBE (or the flags) say; nothing is saved. */
export function fixedToolPaths(paths: Partial<ToolPathValues>): ToolPathStore {
  const current = merged(NONE, paths);
  return {
    kind: 'command-line',
    current: () => current,
    pending: () => NONE,
    save() {
      throw new ToolPathsFixedError();
    },
    addPending() {},
  };
}

/** For a process with neither (tests, the demo database): kept in memory for the process's life. */
export function memoryToolPaths(): ToolPathStore {
  let v = { current: NONE, pending: NONE };
  return {
    kind: 'memory',
    current: () => v.current,
    pending: () => v.pending,
    save(patch) {
      v = { current: merged(v.current, patch), pending: settled(v.pending, patch) };
    },
    addPending(patch) {
      v = { ...v, pending: merged(v.pending, patch) };
    },
  };
}
