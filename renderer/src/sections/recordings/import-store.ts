import { create } from 'zustand';
import type { ArgsOf } from '../../../../contract/api';
import type { ProgressEvent } from '../../../../contract/events';
import type { ImportResult } from '../../../../contract/recordings';
import { ApiError, callApi, newOperationId, onEvent } from '../../api/client';

export type ImportInput = ArgsOf<'importRecordings'>[1];

interface ImportState {
  /** The running import's operation id; null when none is running. */
  operationId: string | null;
  progress: ProgressEvent | null;
  cancelling: boolean;
  result: ImportResult | null;
  error: unknown;
  start(input: ImportInput): Promise<ImportResult | null>;
  cancel(): Promise<void>;
  dismiss(): void;
}

/**
 * The one import that may run at a time. Kept outside the panel so leaving the Recordings section
 * and coming back still shows the running import and its progress.
 */
export const useImport = create<ImportState>((set, get) => ({
  operationId: null,
  progress: null,
  cancelling: false,
  result: null,
  error: null,
  start: async (input) => {
    if (get().operationId) return null;
    const operationId = newOperationId();
    set({ operationId, progress: null, cancelling: false, result: null, error: null });
    const stop = onEvent('progress', (p) => {
      if (p.operationId === operationId) set({ progress: p });
    });
    try {
      const result = await callApi('importRecordings', operationId, input);
      set({ result });
      return result;
    } catch (err) {
      // A cancel before the first file ends with Cancelled: the user knows, so nothing is shown.
      set({ error: err instanceof ApiError && err.name === 'Cancelled' ? null : err });
      return null;
    } finally {
      stop();
      set({ operationId: null, cancelling: false });
    }
  },
  cancel: async () => {
    const id = get().operationId;
    if (!id) return;
    set({ cancelling: true });
    await callApi('cancelOperation', id);
  },
  dismiss: () => set({ result: null, error: null, progress: null }),
}));
