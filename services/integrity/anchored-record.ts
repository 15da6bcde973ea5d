/**
 * This user's own record of the databases their installations anchored, kept in the user's folder
 * (the app's user-data folder, the command line's config folder), outside the folder the database
 * and its key file and anchor live in, which colleagues may be able to write. Whoever deletes a
 * database's key file and anchor (or replaces the whole database) cannot delete this record, so
 * the next start can tell "a first start" from "an anchored database whose anchor is gone".
 */
import { existsSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './files';

const FILE_NAME = 'anchored-databases.json';
/** Oldest entries are dropped past this: the record is about the databases in use, not a history. */
const MAX_ENTRIES = 500;

const Entry = z
  .object({
    path: z.string().max(4096),
    workstation: z.string().max(100),
    installation: z.string().regex(/^[0-9a-f]{64}$/),
    anchoredAt: z.string().max(40),
  })
  .strict();
const RecordFile = z
  .object({ format: z.literal('osce-anchored-databases'), version: z.literal(1), databases: z.array(Entry) })
  .strict();

export type AnchoredDatabase = z.infer<typeof Entry>;

export interface AnchoredRecord {
  /** This database as the record knows it: by its path, else by its workstation id. */
  find(dbPath: string, workstation: string): AnchoredDatabase | null;
  /** Remembers (or updates) that this installation anchored this database. */
  remember(dbPath: string, workstation: string, installation: string): void;
}

/** The record in `userDir`; a missing or unreadable file counts as empty (and is rewritten on the next remember). */
export function anchoredRecord(userDir: string): AnchoredRecord {
  const file = join(userDir, FILE_NAME);
  const read = (): AnchoredDatabase[] => {
    try {
      if (!existsSync(file) || !lstatSync(file).isFile() || lstatSync(file).size > 1_000_000) return [];
      const parsed = RecordFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data.databases : [];
    } catch {
      return [];
    }
  };
  return {
    find(dbPath, workstation) {
      const all = read();
      const path = resolve(dbPath);
      return (
        all.find((d) => d.path === path) ??
        (workstation ? all.find((d) => d.workstation === workstation) : null) ??
        null
      );
    },
    remember(dbPath, workstation, installation) {
      const path = resolve(dbPath);
      const all = read();
      const known = all.find((d) => d.path === path);
      if (known?.installation === installation && known.workstation === workstation) return;
      const rest = all.filter((d) => d.path !== path);
      const entry = { path, workstation, installation, anchoredAt: new Date().toISOString() };
      mkdirSync(userDir, { recursive: true, mode: 0o700 });
      writeFileAtomic(
        file,
        JSON.stringify({
          format: 'osce-anchored-databases',
          version: 1,
          databases: [...rest, entry].slice(-MAX_ENTRIES),
        }),
        0o600,
      );
    },
  };
}
