/** The recording import calls of the contract (spread into the backend handlers). */
import type { BackendHandlers } from '../backend/handlers';
import type { ServiceContext } from '../core/context';
import { checkRecordingFiles } from './file-check';
import { importRecordings } from './import';
import { recordingMediaFile } from './media-file';
import { proxyQueueFor } from './proxy-queue';

type ImportCall = 'importRecordings' | 'checkRecordingFiles' | 'recordingMediaFile';

export function importHandlers(ctx: ServiceContext, actor: string): Pick<BackendHandlers, ImportCall> {
  return {
    importRecordings: ([, input], op) => importRecordings(ctx, input, op, { actor, onProxyNeeded: () => proxyQueueFor(ctx).kick() }),
    checkRecordingFiles: ([, input], op) => checkRecordingFiles(ctx, input, op),
    recordingMediaFile: ([ref]) => recordingMediaFile(ctx, ref.recordingId, ref.kind),
  };
}
