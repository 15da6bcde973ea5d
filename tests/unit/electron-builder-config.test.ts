import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import yaml from 'js-yaml';

const root = resolve(import.meta.dirname, '..', '..');
const require = createRequire(join(root, 'package.json'));

describe('electron-builder.yml', () => {
  const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('is valid against the schema electron-builder ships', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    const ok = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a broken config (the check is real)', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(schema);
    expect(validate({ ...config, linux: { target: 42 }, notAnOption: true })).toBe(false);
  });

  it('targets AppImage and deb, nsis and dmg, and unpacks native code and ffmpeg from the asar', () => {
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
    const unpack = (config.asarUnpack as string[]).join(' ');
    for (const m of ['better-sqlite3', '@ffmpeg-installer', '@ffprobe-installer']) expect(unpack).toContain(m);
  });
});
