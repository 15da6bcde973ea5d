/**
 * Which other processes have the database open, to name them when a restore or a lock is refused.
 * Linux only (/proc); elsewhere the list is empty and the message names the situation instead.
 */
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

export function processesHolding(file: string): string[] {
  if (process.platform !== 'linux') return [];
  let target: string;
  try {
    target = realpathSync(file);
  } catch {
    return [];
  }
  const wanted = new Set([target, `${target}-wal`, `${target}-shm`]);
  const found: string[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return [];
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(join('/proc', pid, 'fd'));
    } catch {
      continue;
    }
    const holds = fds.some((fd) => {
      try {
        return wanted.has(readlinkSync(join('/proc', pid, 'fd', fd)));
      } catch {
        return false;
      }
    });
    if (!holds) continue;
    let name = 'unknown program';
    try {
      name =
        readFileSync(join('/proc', pid, 'cmdline'), 'utf8')
          .split('\0')
          .filter(Boolean)
          .slice(0, 3)
          .join(' ')
          .slice(0, 120) || name;
    } catch {
      // The process ended while we looked.
    }
    found.push(`process ${pid}: ${name}`);
  }
  return found;
}
