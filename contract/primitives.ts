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

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD');

/** A name (examiner, candidate code, session, station): trimmed, not empty, within its limit, no control characters. */
export const nameField = (kind: NameKind) =>
  z
    .string()
    .trim()
    .min(1, `${NAME_LABELS[kind]} must not be empty`)
    .max(NAME_LIMITS[kind], `${NAME_LABELS[kind]} must be at most ${NAME_LIMITS[kind]} characters`)
    .refine((v) => !hasControlCharacters(v), `${NAME_LABELS[kind]} contains control characters`);
