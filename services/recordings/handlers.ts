/** The recording calls of the contract (contract/recordings.ts): sessions, the list, import, file checks, media. */
import { type recordingCalls } from '../../contract/recordings';
import type { ServiceContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { setRecordingCandidate } from './candidates';
import { checkRecordingFiles } from './file-check';
import { importRecordings } from './import';
import { recordingMediaFile } from './media-file';
import { proxyQueueFor } from './proxy-queue';

import { listRecordings } from './list';
import { expandImportPaths } from './scan';
import { createSession, listSessions } from './sessions';

export function recordingHandlers(ctx: ServiceContext, actor: string): HandlersFor<typeof recordingCalls> {
  return {
    listSessions: () => listSessions(ctx.db),
    createSession: ([input]) => createSession(ctx.db, input, actor),
    listRecordings: ([filter]) => listRecordings(ctx.db, filter),
    importRecordings: ([, input], op) =>
      importRecordings(ctx, input, op, { actor, onProxyNeeded: () => proxyQueueFor(ctx).kick() }),
    listImportFiles: async ([input]) => ({ files: (await expandImportPaths(input.paths)).files }),
    setRecordingCandidate: ([input]) => {
      const result = setRecordingCandidate(ctx.db, input, actor);
      if (result.changed > 0) ctx.hostLink?.dataChanged('recordings');
      return result;
    },
    checkRecordingFiles: ([, input], op) => checkRecordingFiles(ctx, input, op),
    recordingMediaFile: ([ref]) => recordingMediaFile(ctx, ref.recordingId, ref.kind),
  };
}
