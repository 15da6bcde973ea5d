export const root: string;
export const CLI_OUT_DIR: string;
export function buildMainBundles(outDir?: string): Promise<void>;
export function buildCli(outDir?: string): Promise<void>;
