/** The rubric library: every stored version of every station rubric, the editor's saves and rubric files. */
import { z } from 'zod';
import type { Rubric, RubricTextLanguage } from '../domain/rubric/types';
import { call } from './define';
import { trimmed } from './primitives';

/** One stored version of a station rubric. */
export interface RubricVersionInfo {
  version: number;
  title: string;
  contentHash: string;
  /** Shipped with the app (seeded), as opposed to edited or imported by the lab. */
  builtin: boolean;
  /** Used by a score, marking, adjudication, model run or station: frozen, never changed again. */
  inUse: boolean;
  createdAt: string;
}

/** A rubric in the library: its latest version's facts plus every stored version, newest first. */
export interface RubricListItem {
  id: string;
  version: number;
  title: string;
  station: string;
  stepCount: number;
  totalPoints: number;
  /** Some version of this rubric ships with the app. */
  builtin: boolean;
  versions: RubricVersionInfo[];
  /** The latest version's title and station in each other language it has a text in (e.g. zh-CN). */
  texts: Partial<Record<RubricTextLanguage, { title: string; station: string }>>;
}

export interface StoredRubric {
  rubric: Rubric;
  version: number;
  latestVersion: number;
  contentHash: string;
  builtin: boolean;
  inUse: boolean;
  createdAt: string;
}

/** Why a save wrote a new version instead of changing the one it started from. */
export type RubricNewVersionReason = 'in-use' | 'builtin' | 'older-version';

export interface RubricSaveResult {
  rubric: Rubric;
  version: number;
  /** A new row (new rubric or new version) was written. */
  created: boolean;
  /** 'texts-updated': only the rubric's words in another language changed (see Rubric.translations), which
   *  never makes a new version: the version's steps, points and scoring stay exactly as they were. */
  outcome: 'new-rubric' | 'new-version' | 'updated' | 'texts-updated' | 'unchanged';
  /** For 'new-version': the version the edit replaced, which stays exactly as it was, and why. */
  previousVersion: number | null;
  reason: RubricNewVersionReason | null;
}

/** A rubric file is a few kilobytes; anything near this size is not one. */
export const MAX_RUBRIC_FILE_CHARS = 1_000_000;

export const RubricRef = z
  .object({
    id: z.string().trim().min(1, 'rubric id must not be empty').max(64, 'rubric id must be at most 64 characters'),
    version: z.number().int().positive().optional(),
  })
  .strict();

/** The rubric itself stays `unknown` here: validateRubric in the backend checks it field by field
 *  and reports JSON paths the editor can show next to each field. */
export const RubricSaveInput = z
  .object({
    rubric: z.unknown().refine((v) => v !== undefined && serialisedLength(v) <= MAX_RUBRIC_FILE_CHARS, {
      message: `rubric must be given and be at most ${MAX_RUBRIC_FILE_CHARS} characters as JSON`,
    }),
    /** Creating a rubric (e.g. duplicating a built-in): refuse an id that is already taken. */
    asNew: z.boolean().optional(),
  })
  .strict();

export const RubricFileInput = z
  .object({
    fileName: trimmed('file name', 255),
    content: z.string().max(MAX_RUBRIC_FILE_CHARS, 'the file is larger than 1 MB; a rubric file is a few kilobytes'),
  })
  .strict();

function serialisedLength(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic: structured clone allows it, JSON does not
  }
}

export const rubricCalls = {
  listRubrics: call<RubricListItem[]>()(z.tuple([])),
  getRubric: call<StoredRubric>()(z.tuple([RubricRef])),
  saveRubric: call<RubricSaveResult>()(z.tuple([RubricSaveInput])),
  importRubricFile: call<RubricSaveResult>()(z.tuple([RubricFileInput])),
} as const;
