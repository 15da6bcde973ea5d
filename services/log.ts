import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Values registered here (API keys) are replaced in every log line and error message. */
const secrets = new Set<string>();
const KEY_PATTERN = /\b(sk-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._-]{8,})/g;

export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 4) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out.replace(KEY_PATTERN, '[redacted]');
}

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** JSON-lines log file; every line passes through redact() so a key can never be written. */
export function fileLogger(file: string | null, echo = false): Logger {
  if (file) mkdirSync(dirname(file), { recursive: true });
  const write = (level: string, msg: string, fields?: Record<string, unknown>) => {
    const line = redact(JSON.stringify({ at: new Date().toISOString(), level, msg, ...fields }));
    if (file) {
      try {
        appendFileSync(file, line + '\n');
      } catch {
        // Logging must never take the app down (full disk, read-only folder).
      }
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
