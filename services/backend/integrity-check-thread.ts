// Entry of the thread that runs the full integrity check of the app's database, off the backend
// worker, so the window stays usable while SQLite reads every page (0.8 s at 100,000 recordings).
import { parentPort, workerData } from 'node:worker_threads';
import { integrityCheckOfFile } from '../../db/database-file';

const { dbPath, nativeBinding } = workerData as { dbPath: string; nativeBinding?: string };
try {
  parentPort!.postMessage({ result: integrityCheckOfFile(dbPath, nativeBinding) });
} catch (err) {
  // SQLite may stop reading at the first damaged page instead of listing it: that is a verdict too.
  const code = String((err as { code?: unknown }).code ?? '');
  const damaged = code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB');
  parentPort!.postMessage(damaged ? { result: (err as Error).message } : { error: (err as Error).message });
}
