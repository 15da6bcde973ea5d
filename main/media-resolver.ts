/**
 * Which file a media URL path means, for the app's osce-media:// protocol and the test bridge
 * alike. No Electron here, so both can use it.
 */
import type { Envelope } from '../contract/define';
import type { RecordingMediaFile } from '../contract/recordings';
import { parseRecordingMediaUrlPath } from '../services/recordings/media-file';
import type { MediaFile } from './protocol';
import { resolveExistingInside } from './safe-path';

/**
 * osce-media://media/recording/<id>/<kind> asks the backend which file that is (never a path from
 * the URL); any other path is an existing file inside the library folder, links followed.
 */
export function mediaResolver(
  libraryDir: string | (() => string),
  backendCall: (name: string, args: unknown) => Promise<Envelope<unknown>>,
): (urlPath: string) => Promise<MediaFile | null> {
  return async (urlPath) => {
    const ref = parseRecordingMediaUrlPath(urlPath);
    if (ref) {
      const envelope = await backendCall('recordingMediaFile', [ref]);
      return envelope.ok ? (envelope.value as RecordingMediaFile) : null;
    }
    const path = await resolveExistingInside(
      typeof libraryDir === 'function' ? libraryDir() : libraryDir,
      urlPath.replace(/^\/+/, ''),
    );
    return path ? { path } : null;
  };
}
