import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { mediaBinaryVersion, toolFileProblem } from './binaries';

/** A custom ffmpeg or ffprobe path that is not a working ffmpeg or ffprobe; nothing was saved. */
export class InvalidMediaToolPathError extends Error {
  override name = 'InvalidMediaToolPath';
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(issues.map((i) => i.message).join(' '));
    this.issues = issues;
  }
}

/**
 * Why `path` cannot be used as `tool`, or null when it can: it must be a full path to an existing
 * regular, executable file that only root or this user can change (toolFileProblem, checked before
 * it is run at all), whose `-version` answer names that tool. Checked before a path the page sends
 * is saved, so a typo or a wrong file is refused with the reason instead of failing later.
 */
export function mediaToolPathProblem(tool: 'ffmpeg' | 'ffprobe', path: string): string | null {
  const label = `The ${tool} path`;
  if (!isAbsolute(path))
    return `${label} must be a full path (e.g. /usr/bin/${tool} or C:\\ffmpeg\\bin\\${tool}.exe), not "${path}".`;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return `${label} "${path}" does not exist.`;
  }
  if (!stat.isFile())
    return `${label} "${path}" is a ${stat.isDirectory() ? 'folder' : 'special file'}, not a program.`;
  if (process.platform !== 'win32') {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      return `${label} "${path}" is not executable.`;
    }
  }
  // Before anything runs it: a program someone else could replace is refused unrun.
  const unsafe = toolFileProblem(path);
  if (unsafe) return `${label} is refused: ${unsafe}.`;
  let firstLine: string;
  try {
    firstLine = mediaBinaryVersion(path);
  } catch {
    return `${label} "${path}" did not run as ${tool} (\`${tool} -version\` failed).`;
  }
  if (!new RegExp(`^${tool} version\\b`, 'i').test(firstLine)) {
    return `${label} "${path}" is not ${tool}: asked for its version it answered "${firstLine.slice(0, 80)}".`;
  }
  return null;
}

/** Checks the media tool paths of a settings change; throws InvalidMediaToolPathError naming each field. */
export function checkMediaToolPaths(patch: { ffmpegPath?: string | null; ffprobePath?: string | null }): void {
  const issues: { path: string; message: string }[] = [];
  for (const [field, tool] of [
    ['ffmpegPath', 'ffmpeg'],
    ['ffprobePath', 'ffprobe'],
  ] as const) {
    const value = patch[field];
    if (value === undefined || value === null) continue;
    const problem = mediaToolPathProblem(tool, value.trim());
    if (problem) issues.push({ path: field, message: problem });
  }
  if (issues.length) throw new InvalidMediaToolPathError(issues);
}
