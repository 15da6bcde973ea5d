/**
 * THE contract: every call the renderer can make, assembled from one file per feature. Main
 * registers exactly these with ipcMain.handle, the preload exposes exactly these names, the
 * renderer's client is typed from this object, and the backend's handlers are typed from it.
 */
import type { z } from 'zod';
import type { CallSpec } from './define';
import { bundleCalls } from './bundles';
import { integrityCalls } from './integrity';
import { recordingCalls } from './recordings';
import { reportCalls } from './reports';
import { reviewCalls } from './review';
import { rubricCalls } from './rubrics';
import { scoringCalls } from './scoring';
import { systemCalls } from './system';

export const api = {
  ...systemCalls,
  ...recordingCalls,
  ...rubricCalls,
  ...reviewCalls,
  ...scoringCalls,
  ...reportCalls,
  ...bundleCalls,
  ...integrityCalls,
} as const satisfies Record<string, CallSpec>;

export type Api = typeof api;
export type CallName = keyof Api;
export type ArgsOf<K extends CallName> = z.input<Api[K]['args']>;
export type ResultOf<K extends CallName> = Api[K]['result'];

export const callNames = Object.keys(api) as CallName[];
