// Runs the test-only OpenAI-compatible server in its own process, so the benchmark's memory
// figure is the app's alone. Prints the base URL on stdout, then serves until killed.
import { startFakeOpenAI } from '../tests/support/fake-openai';

const latencyMs = Number(process.argv[2] ?? '1000');
const server = await startFakeOpenAI({ latencyMs });
process.stdout.write(server.url + '\n');
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
