/** Argument building blocks every feature's calls share. */
import { z } from 'zod';
import { hasControlCharacters, NAME_LABELS, NAME_LIMITS, type NameKind } from '../domain/names';

/** An operation id chosen by the caller so it can cancel the call and match its progress events. */
export const OperationId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'operation id must be 8-64 letters, digits, - or _');

/** Required text, trimmed, with a length limit named in the message. */
export const trimmed = (label: string, max: number) =>
  z.string().trim().min(1, `${label} must not be empty`).max(max, `${label} must be at most ${max} characters`);

/**
 * A file or folder path the backend will read or write, exactly as the dialog gave it: absolute
 * (a relative one would be resolved against the worker's working folder, which nobody chose), no
 * NUL, not trimmed (a name may end in a space, and a trimmed one would name another file).
 */
export const absolutePath = (empty = 'path must not be empty') =>
  z
    .string()
    .min(1, empty)
    .max(4096, 'path must be at most 4096 characters')
    .refine((p) => !p.includes('\0'), 'path must not contain NUL')
    .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'path must be absolute');

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

/** A name (examiner, candidate code, session, station): trimmed, not empty, within its limit, no control characters. */
export const nameField = (kind: NameKind) =>
  z
    .string()
    .trim()
    .min(1, `${NAME_LABELS[kind]} must not be empty`)
    .max(NAME_LIMITS[kind], `${NAME_LABELS[kind]} must be at most ${NAME_LIMITS[kind]} characters`)
    .refine((v) => !hasControlCharacters(v), `${NAME_LABELS[kind]} contains control characters`);
