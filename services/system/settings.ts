/**
 * Settings as the page sees them: the exam database's own settings and this user's ffmpeg/ffprobe
 * paths, which live outside the database (ServiceContext.toolPaths). A change is checked first;
 * a tool path is checked before it is ever run, saved to the user's own settings, and audited.
 */
import type { SettingsValues } from '../../contract/system';
import { deleteSettings, settingRows } from '../../db/queries/settings';
import type { ServiceContext } from '../core/context';
import { getSettings, saveSettings } from '../core/settings';
import { appendAudit } from '../integrity/audit';
import { checkMediaToolPaths } from '../media/tool-path';
import { backupFolderProblem } from '../integrity/backup-schedule';
import { InvalidArgumentsError } from '../../contract/validate';

const TOOLS = [
  ['ffmpegPath', 'ffmpeg'],
  ['ffprobePath', 'ffprobe'],
] as const;

export function settingsView(ctx: ServiceContext): SettingsValues {
  return { ...getSettings(ctx.db), ...ctx.toolPaths.current(), toolPathsPending: ctx.toolPaths.pending() };
}

/** Saves a settings change; a media tool path that is not a working, safe ffmpeg/ffprobe refuses the whole change. */
export function updateSettings(ctx: ServiceContext, patch: Partial<SettingsValues>, actor = 'app'): SettingsValues {
  const tools: Partial<Pick<SettingsValues, 'ffmpegPath' | 'ffprobePath'>> = {};
  for (const [field] of TOOLS) {
    const v = patch[field];
    if (v !== undefined) tools[field] = typeof v === 'string' && v.trim() ? v.trim() : null;
  }
  checkMediaToolPaths(tools);
  if (typeof patch.backupFolder === 'string') {
    const problem = backupFolderProblem(patch.backupFolder.trim());
    if (problem) throw new InvalidArgumentsError('updateSettings', [{ path: 'backupFolder', message: problem }]);
    patch = { ...patch, backupFolder: patch.backupFolder.trim() };
  }
  const { ffmpegPath: _f, ffprobePath: _p, toolPathsPending: _pending, ...stored } = patch;
  if (Object.keys(tools).length) {
    ctx.toolPaths.save(tools);
    ctx.db.transaction(() => {
      for (const [field, tool] of TOOLS)
        if (tools[field] !== undefined)
          appendAudit(ctx.db, {
            actor,
            action: 'tool_path_set',
            entity: 'setting',
            entityId: field,
            after: { tool, path: tools[field], kept: ctx.toolPaths.kind },
          });
    })();
  }
  saveSettings(ctx.db, stored);
  return settingsView(ctx);
}

/**
 * An earlier version kept tool paths in the exam database, where anyone with the file could point
 * them at a program of theirs. The app moves them out (audited), into this user's settings as
 * pending paths it does not use until the user confirms one in Settings. Elsewhere (the command
 * line) they are left alone and never used.
 */
export function moveToolPathsOutOfDatabase(ctx: ServiceContext): void {
  if (ctx.toolPaths.kind !== 'user-file' || ctx.keysLocked) return;
  const found = settingRows(ctx.db).filter((r) => TOOLS.some(([field]) => field === r.key));
  if (found.length === 0) return;
  const moved: { field: (typeof TOOLS)[number][0]; tool: string; path: string }[] = [];
  for (const r of found) {
    const [field, tool] = TOOLS.find(([f]) => f === r.key)!;
    let path: unknown;
    try {
      path = JSON.parse(r.value);
    } catch {
      path = null;
    }
    if (typeof path === 'string' && path.trim()) moved.push({ field, tool, path: path.slice(0, 4096) });
  }
  ctx.toolPaths.addPending(Object.fromEntries(moved.map((m) => [m.field, m.path])));
  ctx.db.transaction(() => {
    deleteSettings(
      ctx.db,
      found.map((r) => r.key),
    );
    for (const m of moved)
      appendAudit(ctx.db, {
        actor: 'app',
        action: 'tool_path_moved',
        entity: 'setting',
        entityId: m.field,
        after: { tool: m.tool, path: m.path, now: "pending in this user's settings, not used until confirmed" },
      });
  })();
}
