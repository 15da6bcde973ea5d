/** Where CLI output goes; tests pass their own to capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress lines are only drawn there. */
  errIsTty: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  errIsTty: Boolean(process.stderr.isTTY),
  env: process.env,
};

/** A usage error: exit code 2, message on stderr, nothing on stdout. */
export class UsageError extends Error {
  override name = 'UsageError';
}
