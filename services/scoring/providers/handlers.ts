/** The model-scoring calls of the contract (contract/scoring.ts). */
import { type scoringCalls } from '../../../contract/scoring';
import type { ServiceContext } from '../../core/context';
import type { HandlersFor } from '../../core/handlers';
import { consentScopeFor, listSentFrames, recordConsent, testConnection } from '../engine';
import { previewScoring, runScoringBatch } from './batch';
import { appSecretSource } from './key-store';
import { deleteProvider, describeProvider, getProvider, listProviders, saveProvider } from './providers';
import { discardPausedJob, listPausedJobs, resumePausedJob } from './paused-jobs';
import { listModelRuns, listScoringStations } from './runs';

export function scoringHandlers(ctx: ServiceContext, actor: string): HandlersFor<typeof scoringCalls> {
  return {
    listModelProviders: () => listProviders(ctx.db),
    saveModelProvider: ([input]) => saveProvider(ctx.db, input, actor),
    deleteModelProvider: ([id]) => deleteProvider(ctx.db, id, actor),
    testModelProvider: async ([, id], op) => {
      const p = getProvider(ctx.db, id);
      return testConnection(ctx.db, p.config, appSecretSource(ctx, id), { signal: op.signal, actor });
    },
    grantProviderConsent: ([id, what]) => {
      const p = getProvider(ctx.db, id);
      recordConsent(ctx.db, p.config, consentScopeFor(p.config, what?.audio === true), actor);
      return describeProvider(ctx.db, p);
    },
    listScoringStations: () => listScoringStations(ctx.db),
    previewScoring: ([input]) => previewScoring(ctx.db, input),
    scoreRecordings: ([, input], op) => runScoringBatch(ctx, input, op, actor),
    listModelRuns: ([filter]) => listModelRuns(ctx.db, filter),
    listSentFrames: ([runId]) => listSentFrames(ctx.db, runId),
    listPausedScoringJobs: () => listPausedJobs(ctx),
    resumeScoringJob: ([, jobId], op) => resumePausedJob(ctx, jobId, op, actor),
    discardScoringJob: ([jobId]) => discardPausedJob(ctx, jobId, actor),
  };
}
