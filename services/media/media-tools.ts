/**
 * The one media entry point of a service context (ctx.media): ffmpeg and ffprobe chosen the
 * documented way (the user's own setting, the binaries bundled with the app, PATH, the app's own
 * npm installer packages), found once and found again only when the user's paths change. The
 * user's paths come from their own settings (tool-settings.ts), never from the exam database.
 */
import type { MediaToolInfo } from '../../contract/system';
import type { MediaBinaries, MediaTools, ToolPathStore } from '../core/context';
import { locateMediaBinaries, mediaBinaryVersion, type BinaryInfo } from './binaries';

export interface MediaToolsStatus {
  ffmpeg: MediaToolInfo;
  ffprobe: MediaToolInfo;
}

export function createMediaTools(opts: {
  toolPaths: ToolPathStore;
  packagedResourcesDir?: string | undefined;
}): MediaTools {
  let found: { key: string; tools: { ffmpeg: BinaryInfo; ffprobe: BinaryInfo } } | null = null;
  const locate = () => {
    const settings = opts.toolPaths.current();
    const key = JSON.stringify([settings.ffmpegPath, settings.ffprobePath]);
    if (found?.key !== key) {
      const tools = locateMediaBinaries({
        ...(settings.ffmpegPath ? { ffmpegPath: settings.ffmpegPath } : {}),
        ...(settings.ffprobePath ? { ffprobePath: settings.ffprobePath } : {}),
        ...(opts.packagedResourcesDir ? { packagedResourcesDir: opts.packagedResourcesDir } : {}),
      });
      found = { key, tools };
    }
    return found.tools;
  };
  return {
    binaries(): MediaBinaries {
      const tools = locate();
      return { ffmpeg: tools.ffmpeg.path, ffprobe: tools.ffprobe.path };
    },
    async status(): Promise<MediaToolsStatus> {
      const missing = (problem: string): MediaToolInfo => ({ path: null, source: null, version: null, problem });
      let tools: { ffmpeg: BinaryInfo; ffprobe: BinaryInfo };
      try {
        tools = locate();
      } catch (err) {
        const msg = (err as Error).message;
        return {
          ffmpeg:
            /ffmpeg(?!\S*probe)/i.test(msg) || !/ffprobe/i.test(msg) ? missing(msg) : missing('not checked: ' + msg),
          ffprobe: /ffprobe/i.test(msg) ? missing(msg) : missing('not checked: ' + msg),
        };
      }
      const describe = async (b: BinaryInfo): Promise<MediaToolInfo> => {
        try {
          return { path: b.path, source: b.source, version: await mediaBinaryVersion(b.path), problem: null };
        } catch (err) {
          return {
            path: b.path,
            source: b.source,
            version: null,
            problem: `found but does not run: ${(err as Error).message}`,
          };
        }
      };
      return { ffmpeg: await describe(tools.ffmpeg), ffprobe: await describe(tools.ffprobe) };
    },
  };
}
