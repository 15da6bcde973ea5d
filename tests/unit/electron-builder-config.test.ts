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

  it('targets AppImage and deb, nsis and dmg, each for x64 and arm64, and unpacks native code and ffmpeg from the asar', () => {
    type Targets = { target: { target: string; arch: string[] }[] };
    const targets = (os: string) => (config[os] as Targets).target.map((t) => `${t.target}:${t.arch.join('+')}`);
    expect(targets('linux')).toEqual(['AppImage:x64+arm64', 'deb:x64+arm64']);
    expect(targets('win')).toEqual(['nsis:x64+arm64']);
    expect(targets('mac')).toEqual(['dmg:x64+arm64']);
    const unpack = (config.asarUnpack as string[]).join(' ');
    for (const m of ['better-sqlite3', '@ffmpeg-installer', '@ffprobe-installer']) expect(unpack).toContain(m);
  });

  it('registers .osce-bundle files, has an icon, and builds without an update server unless a lab adds one', () => {
    expect(config.fileAssociations).toEqual([
      expect.objectContaining({ ext: 'osce-bundle', name: 'OSCE exam bundle' }),
    ]);
    const icon = readFileSync(
      join(root, (config.directories as { buildResources: string }).buildResources, 'icon.png'),
    );
    // A PNG of at least 512x512 is what electron-builder turns into .ico and .icns.
    expect(icon.subarray(1, 4).toString()).toBe('PNG');
    expect(icon.readUInt32BE(16)).toBeGreaterThanOrEqual(512);
    expect(icon.readUInt32BE(20)).toBeGreaterThanOrEqual(512);
    expect(config).not.toHaveProperty('publish');
  });

  it('keeps tsx and other development tools out of the packaged dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const dev of ['tsx', 'esbuild', 'vite', 'vitest', 'fluent-ffmpeg', '@types/fluent-ffmpeg'])
      expect(pkg.dependencies).not.toHaveProperty(dev);
  });
});
