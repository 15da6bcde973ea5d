// TEST-ONLY: names shared by the review e2e seeds (run under tsx) and the specs (run by Playwright).
export const MODEL = 'vision-e2e-model';
export const RATIONALE = 'Frames show the candidate doing';
export const VIDEO_SECONDS = 6;
export type ReviewScenario = 'blind' | 'keyboard' | 'evidence' | 'double' | 'queue' | 'throughput';
