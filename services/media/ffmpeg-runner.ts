import { spawn, type ChildProcess } from 'node:child_process';
import { resolve as resolvePath } from 'node:path';
import { CancelledError, DiskFullError, MediaBinaryNotFoundError, MediaProcessError } from './errors';

/**
 * The one place that starts ffmpeg/ffprobe. We spawn directly instead of through fluent-ffmpeg
 * (archived upstream): every caller already builds explicit argument arrays, and owning spawn
 * here is what lets us guarantee no shell, per-process abort, a timeout, and a global registry.
 */

export interface RunMediaOptions {
  /** The recording being worked on; used in error messages. */
  inputPath: string;
  /** Where the output goes, when there is one; a full disk is reported against it. */
  outputPath?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Builds the error used when timeoutMs elapses (e.g. ProbeTimeoutError). */
  timeoutError?: () => Error;
  /** Streams stdout to the caller instead of collecting it. */
  onStdout?: (chunk: Buffer) => void;
  onStderrLine?: (line: string) => void;
  /** Safety cap for collected stdout (ffprobe JSON, keyframe lists). */
  maxStdoutBytes?: number;
  /** Written to the process's stdin, which is then closed (a concat script read from pipe:0). */
  stdin?: string;
}

export interface RunMediaResult {
  stdout: Buffer;
  /** The last part of stderr (bounded), for classification by the caller. */
  stderr: string;
}

interface RunningMediaProcess {
  child: ChildProcess;
  controller: AbortController;
  exited: Promise<void>;
}

const running = new Set<RunningMediaProcess>();
const STDERR_KEEP_CHARS = 64 * 1024;
const KILL_GRACE_MS = 2000;

/** ffmpeg treats `name:` prefixes as protocols; `file:` plus an absolute path is always a plain file. */
export function fileArg(path: string): string {
  return `file:${resolvePath(path)}`;
}

/** Last meaningful stderr lines, short enough to show a user. */
function stderrTail(stderr: string, maxChars = 600): string {
  const lines = stderr
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(frame|size)=/.test(l));
  const tail = lines.slice(-6).join(' | ');
  return tail.length > maxChars ? `…${tail.slice(-maxChars)}` : tail;
}

function linkSignal(outer: AbortSignal | undefined, controller: AbortController): () => void {
  if (!outer) return () => {};
  if (outer.aborted) {
    controller.abort();
    return () => {};
  }
  const onAbort = () => controller.abort();
  outer.addEventListener('abort', onAbort, { once: true });
  return () => outer.removeEventListener('abort', onAbort);
}

/**
 * Runs one media process. Resolves on exit code 0; rejects with CancelledError, the caller's
 * timeout error, DiskFullError or MediaProcessError. It settles only after the process has
 * exited, so when a cancel rejects nothing is left running or writing.
 */
export function runMediaProcess(
  binaryPath: string,
  args: readonly string[],
  options: RunMediaOptions,
): Promise<RunMediaResult> {
  const tool = binaryPath.replace(/^.*[\\/]/, '').replace(/\.exe$/i, '');
  const controller = new AbortController();
  const unlink = linkSignal(options.signal, controller);
  if (controller.signal.aborted) {
    unlink();
    return Promise.reject(new CancelledError(options.inputPath));
  }

  return new Promise<RunMediaResult>((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(binaryPath, args, {
        shell: false,
        windowsHide: true,
        stdio: [options.stdin !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      unlink();
      reject(new MediaBinaryNotFoundError(tool, [binaryPath]));
      return;
    }

    let markExited!: () => void;
    const entry: RunningMediaProcess = { child, controller, exited: new Promise((r) => (markExited = r)) };
    running.add(entry);

    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stdoutOverflow = false;
    let stderr = '';
    let stderrPartial = '';
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const kill = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // ffmpeg normally exits at once on SIGTERM; a process stuck on a dead network drive may not.
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    };
    controller.signal.addEventListener('abort', kill, { once: true });

    const timeout =
      options.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, options.timeoutMs)
        : undefined;

    child.stdout!.on('data', (chunk: Buffer) => {
      if (options.onStdout) {
        options.onStdout(chunk);
        return;
      }
      stdoutBytes += chunk.length;
      if (options.maxStdoutBytes !== undefined && stdoutBytes > options.maxStdoutBytes) {
        stdoutOverflow = true;
        controller.abort();
        return;
      }
      stdoutChunks.push(chunk);
    });

    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_KEEP_CHARS);
      if (!options.onStderrLine) return;
      const parts = (stderrPartial + text).split(/\r?\n|\r/);
      stderrPartial = parts.pop() ?? '';
      for (const line of parts) options.onStderrLine(line);
    });

    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error;
    });
    if (options.stdin !== undefined) {
      // A process that exits before reading all of it (an error, a cancel) closes the pipe: its exit code tells why.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(options.stdin);
    }

    // Normally we settle on 'close' (all output read). After a kill we settle on 'exit': a
    // wrapper script's orphaned children could hold the pipes open long after it died.
    child.on('exit', (code, signal) => {
      if (!controller.signal.aborted) return;
      child.stdout?.destroy();
      child.stderr?.destroy();
      settle(code, signal);
    });
    child.on('close', (code, signal) => settle(code, signal));

    let settled = false;
    function settle(code: number | null, signal: NodeJS.Signals | null) {
      if (settled) return;
      settled = true;
      if (timeout) clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      unlink();
      running.delete(entry);
      markExited();
      if (stderrPartial && options.onStderrLine) options.onStderrLine(stderrPartial);

      if (spawnError && (spawnError.code === 'ENOENT' || spawnError.code === 'EACCES')) {
        reject(new MediaBinaryNotFoundError(tool, [binaryPath]));
      } else if (timedOut) {
        reject(options.timeoutError?.() ?? new MediaProcessError(tool, options.inputPath, null, 'timed out', signal));
      } else if (stdoutOverflow) {
        reject(new MediaProcessError(tool, options.inputPath, code, 'output was larger than expected'));
      } else if (controller.signal.aborted) {
        reject(new CancelledError(options.inputPath));
      } else if (/No space left on device|Disk quota exceeded/i.test(stderr)) {
        reject(new DiskFullError(options.outputPath ?? options.inputPath));
      } else if (code !== 0 || spawnError) {
        reject(
          new MediaProcessError(tool, options.inputPath, code, stderrTail(stderr) || spawnError?.message || '', signal),
        );
      } else {
        resolve({ stdout: Buffer.concat(stdoutChunks), stderr });
      }
    }
  });
}

/** Stops every running media process (app quit, "cancel all"); resolves once all have exited. */
export async function stopAllMediaProcesses(): Promise<void> {
  const entries = [...running];
  for (const entry of entries) entry.controller.abort();
  await Promise.all(entries.map((e) => e.exited));
}

export function runningMediaProcessCount(): number {
  return running.size;
}
