// TEST-ONLY: runs the backend worker (services/backend/worker.ts) from source in a worker thread,
// so unit tests exercise the real worker protocol without building dist/ first.
import { register } from 'tsx/esm/api';

register();
await import('../../services/backend/worker.ts');
