// Every call that names a file for the backend to read or write takes an absolute path without NUL,
// exactly as the dialog gave it: a relative path would be resolved against the worker's working
// folder (somewhere the user never chose), and a trimmed one could name a different file.
import { describe, expect, it } from 'vitest';
import { parseCallArgs } from '../../contract/validate';

const calls = {
  checkBackup: (file: string) => parseCallArgs('checkBackup', [file]),
  restoreBackup: (file: string) => parseCallArgs('restoreBackup', [{ file, acceptUnverified: false }]),
  previewBundle: (file: string) => parseCallArgs('previewBundle', [file]),
  importBundle: (file: string) => parseCallArgs('importBundle', [{ file }]),
  exportBundle: (file: string) => parseCallArgs('exportBundle', [{ session: 'Spring', file, withMedia: false }]),
};
const ext = (name: string, file: string) => (name === 'exportBundle' ? `${file}.osce-bundle` : file);

describe('file arguments of backups and bundles', () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name} refuses a relative path and a NUL by name`, () => {
      expect(() => call(ext(name, 'backups/x'))).toThrow(/path must be absolute/);
      expect(() => call(ext(name, '../../x'))).toThrow(/path must be absolute/);
      expect(() => call(ext(name, '/data/x\0/y'))).toThrow(/path must not contain NUL/);
    });

    it(`${name} takes an absolute path as the dialog gave it, spaces kept`, () => {
      const file = ext(name, '/data/Spring exam ');
      expect(JSON.stringify(call(file))).toContain(JSON.stringify(file).slice(1, -1));
      expect(() => call(ext(name, 'C:\\Exams\\spring'))).not.toThrow();
    });
  }
});
