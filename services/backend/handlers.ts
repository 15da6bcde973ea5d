import type { Api } from '../../contract/api';
import type { ServiceContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { bundleHandlers } from '../bundles/handlers';
import { integrityHandlers } from '../integrity/handlers';
import { recordingHandlers } from '../recordings/handlers';
import { reportHandlers } from '../reports/handlers';
import { reviewHandlers } from '../review/handlers';
import { rubricHandlers } from '../rubrics/handlers';
import { scoringHandlers } from '../scoring/providers/handlers';
import { systemHandlers } from '../system/handlers';

export type BackendHandlers = HandlersFor<Api>;

/** Every backend call of the contract: each feature's handlers, typed by its own slice of it. */
export function createBackendHandlers(ctx: ServiceContext, actor = 'app'): BackendHandlers {
  return {
    ...systemHandlers(ctx),
    ...recordingHandlers(ctx, actor),
    ...rubricHandlers(ctx, actor),
    ...reviewHandlers(ctx, actor),
    ...scoringHandlers(ctx, actor),
    ...reportHandlers(ctx),
    ...bundleHandlers(ctx, actor),
    ...integrityHandlers(ctx),
  };
}
