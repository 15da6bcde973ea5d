import { terminalSafe } from '../domain/names';

/** Where CLI output goes; tests pass their own to capture it. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress lines are only drawn there. */
  errIsTty: boolean;
  env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  // Names and values printed come from the database or a file: nothing in them may drive the terminal.
  out: (t) => process.stdout.write(terminalSafe(t)),
  err: (t) => process.stderr.write(t),
  errIsTty: Boolean(process.stderr.isTTY),
  env: process.env,
};

/** A usage error: exit code 2, message on stderr, nothing on stdout. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Runs a long command with Ctrl-C as its cancel: the first Ctrl-C aborts the signal (the command
 * keeps what finished and rolls back the item in progress), a second one quits at once.
 */
export async function withCtrlC<T>(io: CliIo, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(130);
    io.err('\ncancelling… (press Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    return await run(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** A command's result: as one JSON object with --json, otherwise as the sentence(s) for a person. */
export function printResult(io: CliIo, json: boolean | undefined, value: object, text: string): void {
  io.out(json ? JSON.stringify(value) + '\n' : text);
}
