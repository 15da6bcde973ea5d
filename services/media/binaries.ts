import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { delimiter, dirname, join, resolve } from 'node:path';
import { MediaBinaryNotFoundError, MediaProcessError } from './errors';

export type BinarySource = 'setting' | 'bundled' | 'path' | 'npm-package';

export interface BinaryInfo {
  path: string;
  source: BinarySource;
  /** First line of `-version`, e.g. "ffmpeg version 5.1.6-0+deb12u1 Copyright …". */
  version?: string;
}

export interface LocateMediaBinariesOptions {
  /** User setting; tried first. */
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Set only in a packaged app (process.resourcesPath); bundled binaries live under it. */
  packagedResourcesDir?: string;
  env?: NodeJS.ProcessEnv;
  /** Folders whose own node_modules hold the npm installer packages (default: this app's own folder, never a parent or the cwd). */
  appDirs?: string[];
}

type Tool = 'ffmpeg' | 'ffprobe';
interface Candidate {
  path: string;
  source: BinarySource;
}

const VERSION_TIMEOUT_MS = 10_000;
const isWindows = process.platform === 'win32';
const platformDir = `${process.platform}-${process.arch}`;

function exeName(tool: Tool): string {
  return isWindows ? `${tool}.exe` : tool;
}

/**
 * Runs `<binary> -version` and returns its first line. Synchronous on purpose: it is a start-up
 * check (a few tens of ms) and keeping locateMediaBinaries synchronous keeps start-up simple.
 */
export function mediaBinaryVersion(binaryPath: string): string {
  const result = spawnSync(binaryPath, ['-hide_banner', '-version'], {
    shell: false,
    windowsHide: true,
    timeout: VERSION_TIMEOUT_MS,
    encoding: 'utf8',
  });
  const firstLine = (result.stdout ?? '').split(/\r?\n/)[0]?.trim() ?? '';
  if (result.error || result.status !== 0 || !/version/i.test(firstLine)) {
    const why = result.error?.message ?? (result.stderr || '').trim().slice(-300);
    throw new MediaProcessError(binaryPath.replace(/^.*[\\/]/, ''), binaryPath, result.status, why, result.signal);
  }
  return firstLine;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    // Windows has no execute bit; existence of a regular .exe file is the best we can check.
    if (!isWindows) accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why a program at `path` could be replaced by someone other than root or this user, or null when
 * it cannot: it must be a regular file owned by root or this user, not writable by group or others,
 * in a folder that is neither (and every folder above it owned by root or this user, writable by
 * others only with the sticky bit, as /tmp is). Checked before the program is ever run. Windows
 * has neither owners nor mode bits in this sense: nothing is checked there.
 */
export function toolFileProblem(path: string): string | null {
  if (process.platform === 'win32') return null;
  const me = process.getuid?.() ?? -1;
  const ownedWell = (uid: number) => uid === 0 || uid === me;
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return `"${path}" does not exist`;
  }
  const st = statSync(real);
  if (!st.isFile()) return `"${path}" is not a regular file`;
  if (!ownedWell(st.uid))
    return `"${path}" belongs to another user (uid ${st.uid}): only a program owned by root or by you is run`;
  if (st.mode & 0o022)
    return `"${path}" can be changed by other users (group or others may write to it); remove that with chmod go-w`;
  for (let dir = dirname(real), first = true; ; first = false) {
    const d = statSync(dir);
    if (!ownedWell(d.uid)) return `its folder ${dir} belongs to another user (uid ${d.uid}), who could replace it`;
    const othersWrite = (d.mode & 0o022) !== 0;
    const sticky = (d.mode & 0o1000) !== 0;
    if (othersWrite && (first || !sticky))
      return `its folder ${dir} can be changed by other users (group or others may write to it), who could replace it`;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

function pathCandidates(tool: Tool, env: NodeJS.ProcessEnv): string[] {
  const pathVar = env.PATH ?? env.Path ?? '';
  return pathVar
    .split(delimiter)
    .filter((dir) => dir.trim() !== '')
    .map((dir) => join(dir.replace(/^"(.*)"$/, '$1'), exeName(tool)));
}

function bundledCandidates(tool: Tool, resourcesDir: string): string[] {
  const pkg = tool === 'ffmpeg' ? '@ffmpeg-installer' : '@ffprobe-installer';
  return [
    // electron-builder `asarUnpack` of the installer packages.
    join(resourcesDir, 'app.asar.unpacked', 'node_modules', pkg, platformDir, exeName(tool)),
    // `extraResources` copies, if the build is switched to ship binaries that way.
    join(resourcesDir, 'bin', exeName(tool)),
    join(resourcesDir, exeName(tool)),
  ];
}

const APP_PACKAGE = 'osce-scoring-assistant';

/**
 * This app's own folder: the nearest folder above this code whose package.json is this app's.
 * Undefined when there is none (then the npm installer packages are not used at all).
 */
function appRoot(): string | undefined {
  let here: string;
  try {
    // ESM (the CLI bundle, tsx) has import.meta.url; the CommonJS bundles have __dirname.
    here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
  for (let dir = resolve(here), depth = 0; depth < 8; depth++) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === APP_PACKAGE) return dir;
      } catch {
        // Not a readable manifest: keep looking up.
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** The installer package inside these folders' own node_modules only: never a parent's, never the cwd's. */
function npmPackageCandidates(tool: Tool, appDirs: string[]): string[] {
  const pkg = tool === 'ffmpeg' ? '@ffmpeg-installer' : '@ffprobe-installer';
  return [...new Set(appDirs.map((d) => join(resolve(d), 'node_modules', pkg, platformDir, exeName(tool))))];
}

function candidatesFor(tool: Tool, opts: LocateMediaBinariesOptions): Candidate[] {
  const env = opts.env ?? process.env;
  const setting = tool === 'ffmpeg' ? opts.ffmpegPath : opts.ffprobePath;
  const appDirs = opts.appDirs ?? [appRoot()].filter((d): d is string => !!d);
  const list: Candidate[] = [];
  if (setting && setting.trim()) list.push({ path: resolve(setting.trim()), source: 'setting' });
  if (opts.packagedResourcesDir) {
    for (const path of bundledCandidates(tool, opts.packagedResourcesDir)) list.push({ path, source: 'bundled' });
  }
  for (const path of pathCandidates(tool, env)) list.push({ path, source: 'path' });
  // Last resort: the npm installer packages carry an old (2018) static build.
  for (const path of npmPackageCandidates(tool, appDirs)) list.push({ path, source: 'npm-package' });
  return list;
}

function locateOne(tool: Tool, opts: LocateMediaBinariesOptions): BinaryInfo {
  const looked: string[] = [];
  for (const candidate of candidatesFor(tool, opts)) {
    if (!isExecutableFile(candidate.path)) {
      looked.push(`${candidate.source}: ${candidate.path}`);
      continue;
    }
    // A path the user chose, or a package file, runs only if no one else could have replaced it.
    const unsafe =
      candidate.source === 'setting' || candidate.source === 'npm-package' ? toolFileProblem(candidate.path) : null;
    if (unsafe) {
      looked.push(`${candidate.source}: ${candidate.path} (not run: ${unsafe})`);
      continue;
    }
    try {
      return { ...candidate, version: mediaBinaryVersion(candidate.path) };
    } catch {
      // Present but does not run (wrong architecture, damaged download): keep looking.
      looked.push(`${candidate.source}: ${candidate.path} (does not run)`);
    }
  }
  throw new MediaBinaryNotFoundError(tool, looked);
}

/**
 * Picks ffmpeg and ffprobe once, in order: user setting → bundled (packaged app only) → PATH →
 * the npm installer packages in this app's own node_modules. A setting that points at nothing falls through rather than failing,
 * and the returned `source` tells the settings screen which one won.
 */
export function locateMediaBinaries(opts: LocateMediaBinariesOptions = {}): {
  ffmpeg: BinaryInfo;
  ffprobe: BinaryInfo;
} {
  return { ffmpeg: locateOne('ffmpeg', opts), ffprobe: locateOne('ffprobe', opts) };
}
