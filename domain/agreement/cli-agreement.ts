/**
 * `osce agreement --labels CSV --a RATER --b RATER`, minus the file reading: the caller passes the
 * file's text so this stays free of Node APIs. A malformed file or an unknown rater is exit code 2
 * with one message on stderr and nothing on stdout, so a pipeline never sees half a result.
 */
import { toAgreementJson } from './agreement-json';
import { AgreementInputError, type CategoryOf, computeAgreement } from './compute';
import { LabelsFileError, assertRatersPresent, parseLabelsCsv } from './labels-csv';

export interface AgreementCliOptions {
  bootstrap?: number;
  seed?: number;
  /** Indented JSON (default) or a single line. */
  pretty?: boolean;
  categoryOf?: CategoryOf;
}

export interface AgreementCliOutcome {
  exitCode: 0 | 2;
  stdout: string;
  stderr: string;
}

export function runAgreementCli(
  text: string,
  fileName: string,
  a: string,
  b: string,
  opts: AgreementCliOptions = {},
): AgreementCliOutcome {
  try {
    if (a === b) throw new AgreementInputError(`--a and --b both name rater '${a}'; name two different raters`);
    const rows = parseLabelsCsv(text, fileName);
    assertRatersPresent(rows, [a, b], fileName);
    const result = computeAgreement(rows, {
      a,
      b,
      ...(opts.bootstrap !== undefined && { bootstrap: opts.bootstrap }),
      ...(opts.seed !== undefined && { seed: opts.seed }),
      ...(opts.categoryOf !== undefined && { categoryOf: opts.categoryOf }),
    });
    const json = JSON.stringify(toAgreementJson(result), null, opts.pretty === false ? undefined : 2);
    return { exitCode: 0, stdout: `${json}\n`, stderr: '' };
  } catch (error) {
    if (error instanceof LabelsFileError || error instanceof AgreementInputError) {
      return { exitCode: 2, stdout: '', stderr: `${error.message}\n` };
    }
    throw error;
  }
}
