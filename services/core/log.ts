import { renameSync, rmSync } from 'node:fs';
import { parse, join } from 'node:path';
import electronLog from 'electron-log/node';

/** Values registered here (API keys) are replaced in every log line and error message. */
const secrets = new Set<string>();
const KEY_PATTERN = /\b(sk-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._-]{8,})/g;
/** Candidate codes may be real names typed by a lab; where a process knows them, they are hidden too. */
let candidateCodes: () => Iterable<string> = () => [];

export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 4) secrets.add(value);
}

/** Where this process can list candidate codes (the backend worker reads them from the database). */
export function redactCandidatesFrom(source: () => Iterable<string>): void {
  candidateCodes = source;
}

/**
 * Candidate codes indexed by their first word, so a line is scanned once whatever the cohort size
 * (a regular expression per code cost seconds per line at 10,000 candidates). Rebuilt only when the
 * source hands back a different list: the worker's source keeps the same array until codes change.
 */
interface CodeIndex {
  source: Iterable<string>;
  byFirstWord: Map<string, string[]>;
}
let index: CodeIndex | null = null;
const WORD = /[\p{L}\p{N}]+/gu;
const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

function codeIndex(codes: Iterable<string>): CodeIndex {
  if (index?.source === codes) return index;
  const byFirstWord = new Map<string, string[]>();
  for (const code of codes) {
    const trimmed = code.trim();
    if (trimmed.length < 2) continue;
    // A code that does not start with a letter or digit is indexed by its first word all the same.
    const first = /[\p{L}\p{N}]+/u.exec(trimmed)?.[0]?.toLowerCase();
    if (!first) continue;
    const list = byFirstWord.get(first) ?? [];
    list.push(trimmed);
    byFirstWord.set(first, list);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.length - a.length);
  index = { source: codes, byFirstWord };
  return index;
}

/** Whole words only (a code "A1" must not eat "A12"), case-insensitive as names are typed both ways. */
function redactCodes(text: string, codes: CodeIndex): string {
  let out = '';
  let copied = 0;
  for (const m of text.matchAll(WORD)) {
    if (m.index < copied) continue;
    const list = codes.byFirstWord.get(m[0].toLowerCase());
    if (!list) continue;
    for (const code of list) {
      // The word may sit inside the code ("#12" is indexed under "12"): the match starts where the code does.
      const start = m.index - code.toLowerCase().indexOf(m[0].toLowerCase());
      if (start < copied) continue;
      const end = start + code.length;
      if (text.slice(start, end).toLowerCase() !== code.toLowerCase()) continue;
      if (isWordChar(text[start - 1]) || isWordChar(text[end])) continue;
      out += text.slice(copied, start) + '[candidate]';
      copied = end;
      break;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  out = out.replace(KEY_PATTERN, '[redacted]');
  let codes: Iterable<string>;
  try {
    codes = candidateCodes();
  } catch {
    return out;
  }
  return redactCodes(out, codeIndex(codes));
}

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Rotation: a file over MAX_BYTES becomes name.1.log, the older ones shift up, beyond KEEP are removed. */
const MAX_BYTES = 1024 * 1024;
const KEEP = 3;

function rotate(path: string): void {
  const { dir, name, ext } = parse(path);
  const numbered = (n: number) => join(dir, `${name}.${n}${ext}`);
  rmSync(numbered(KEEP), { force: true });
  for (let n = KEEP - 1; n >= 1; n--) {
    try {
      renameSync(numbered(n), numbered(n + 1));
    } catch {
      // That generation does not exist yet.
    }
  }
  renameSync(path, numbered(1));
}

/**
 * JSON-lines log file written by electron-log (rotated at 1 MiB, three old files kept); every line
 * passes through redact() so a key or a candidate code is never written. Used by the main process
 * (main.log), the backend worker (worker.log) and the CLI.
 */
export function fileLogger(file: string | null, echo = false): Logger {
  const sink = file ? electronLog.create({ logId: `osce:${file}` }) : null;
  if (sink) {
    sink.transports.console.level = false;
    sink.transports.file.resolvePathFn = () => file!;
    sink.transports.file.format = '{text}';
    sink.transports.file.maxSize = MAX_BYTES;
    sink.transports.file.archiveLogFn = (old) => {
      try {
        rotate(old.path);
      } catch {
        // Cannot rotate (file locked on Windows, read-only folder): keep appending.
      }
    };
    // Logging must never take the app down (full disk, read-only folder): errors are swallowed.
    sink.errorHandler.stopCatching();
    (sink as unknown as { processInternalErrorFn: () => void }).processInternalErrorFn = () => undefined;
  }
  const write = (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => {
    let line: string;
    try {
      line = redact(JSON.stringify({ at: new Date().toISOString(), level, msg, ...fields }));
    } catch {
      line = redact(JSON.stringify({ at: new Date().toISOString(), level, msg }));
    }
    try {
      sink?.[level](line);
    } catch {
      // See above: never fatal.
    }
    if (echo) process.stderr.write(line + '\n');
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
