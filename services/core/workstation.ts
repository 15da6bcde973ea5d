import type { Db } from '../../db/connection';
import { workstationIdOf } from '../../db/queries/settings';

/** A stable id for this database (made on first use), so bundles from two workstations can be told apart. */
export const workstationId = (db: Db): string => workstationIdOf(db);
