export const CLI_ENTRY: string;
export function cliBundleIsCurrent(): boolean;
export function ensureCliBundle(): Promise<void>;
