import type { MediaToolInfo } from '../../contract/system';
import type { ServiceContext } from '../core/context';
import { getSettings } from '../core/settings';
import { locateMediaBinaries, mediaBinaryVersion } from './binaries';

export interface MediaToolsStatus {
  ffmpeg: MediaToolInfo;
  ffprobe: MediaToolInfo;
}

/** Finds ffmpeg and ffprobe in the documented order (setting, bundled, PATH) and reads their versions. */
export async function mediaToolsStatus(ctx: Pick<ServiceContext, 'db' | 'packagedResourcesDir'>): Promise<MediaToolsStatus> {
  const settings = getSettings(ctx.db);
  const missing = (problem: string): MediaToolInfo => ({ path: null, source: null, version: null, problem });
  try {
    const found = locateMediaBinaries({
      ...(settings.ffmpegPath ? { ffmpegPath: settings.ffmpegPath } : {}),
      ...(settings.ffprobePath ? { ffprobePath: settings.ffprobePath } : {}),
      ...(ctx.packagedResourcesDir ? { packagedResourcesDir: ctx.packagedResourcesDir } : {}),
    });
    const describe = async (b: { path: string; source: string }): Promise<MediaToolInfo> => {
      try {
        return { path: b.path, source: b.source, version: await mediaBinaryVersion(b.path), problem: null };
      } catch (err) {
        return { path: b.path, source: b.source, version: null, problem: `found but does not run: ${(err as Error).message}` };
      }
    };
    return { ffmpeg: await describe(found.ffmpeg), ffprobe: await describe(found.ffprobe) };
  } catch (err) {
    const msg = (err as Error).message;
    return {
      ffmpeg: /ffmpeg(?!\S*probe)/i.test(msg) || !/ffprobe/i.test(msg) ? missing(msg) : missing('not checked: ' + msg),
      ffprobe: /ffprobe/i.test(msg) ? missing(msg) : missing('not checked: ' + msg),
    };
  }
}

/**
 * The ffmpeg and ffprobe paths to run, chosen the documented way (setting, bundled, PATH); throws
 * MediaBinaryNotFoundError naming every place looked in. For services that process media.
 */
export function mediaBinaries(ctx: Pick<ServiceContext, 'db' | 'packagedResourcesDir'>): { ffmpeg: string; ffprobe: string } {
  const settings = getSettings(ctx.db);
  const found = locateMediaBinaries({
    ...(settings.ffmpegPath ? { ffmpegPath: settings.ffmpegPath } : {}),
    ...(settings.ffprobePath ? { ffprobePath: settings.ffprobePath } : {}),
    ...(ctx.packagedResourcesDir ? { packagedResourcesDir: ctx.packagedResourcesDir } : {}),
  });
  return { ffmpeg: found.ffmpeg.path, ffprobe: found.ffprobe.path };
}

