/** The rubric calls of the contract (contract/rubrics.ts). */
import { type rubricCalls } from '../../contract/rubrics';
import type { ServiceContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { importRubricFile } from './rubric-file';
import { getRubric, listRubrics, saveRubric } from './store';

export function rubricHandlers(ctx: ServiceContext, actor: string): HandlersFor<typeof rubricCalls> {
  return {
    listRubrics: () => listRubrics(ctx.db),
    getRubric: ([ref]) => getRubric(ctx.db, ref.id, ref.version),
    saveRubric: ([input]) => saveRubric(ctx.db, input.rubric, { actor, asNew: input.asNew }),
    importRubricFile: ([file]) => importRubricFile(ctx.db, file, actor),
  };
}
