// TEST-ONLY bridge: serves the built renderer and the same API handlers over loopback HTTP so
// Playwright can drive the real UI in Chromium without the Electron binary. Never packaged.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { dirname, extname, join, resolve } from 'node:path';
import { api, callNames, type CallName } from '../../contract/api';
import { BRIDGE_GLOBAL, contentSecurityPolicy } from '../../contract/bridge';
import type { EventMap, EventName } from '../../contract/events';
import { parseCallArgs, toErrorInfo } from '../../contract/validate';
import { SwitchableBackend } from '../../services/backend/switchable-backend';
import { ChromiumPdfRenderer } from '../../services/reports/pdf';
import { safeJoin } from '../../main/safe-path';
import { mediaResolver } from '../../main/media-resolver';
import { createKeyVault } from '../../main/secrets';
import { simulatedKeychain, type SimulatedKeychain } from './simulated-keychain';

const ROOT = resolve(import.meta.dirname, '..', '..');
// The bridge serves media from its own origin, so no media scheme.
const CSP = contentSecurityPolicy({ mediaScheme: null });
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.json': 'application/json',
  '.map': 'application/json',
};

export interface Bridge {
  url: string;
  token: string;
  /** Script to inject before the page loads (page.addInitScript): defines window.osce. */
  initScript: string;
  /** What host calls (dialogs, shell) were asked for, for assertions. */
  hostCalls: { name: string; args: unknown[] }[];
  /** What the native open dialog (chooseImportPaths) returns from now on; [] is a cancelled dialog. */
  setDialogPaths(paths: string[]): void;
  /** API keys as main/secrets.ts keeps them, with the OS keychain simulated by an in-memory map. */
  keychain: SimulatedKeychain;
  /** Sends an event to the page as main does (e.g. 'app-command' from the application menu). */
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  /** Files the OS asked the app to open, as main queues them for takeOpenedFiles. */
  queueOpenedFiles(paths: string[]): void;
  stop(): Promise<void>;
}

export interface BridgeOptions {
  dbPath: string;
  /** What the native open dialog returns until setDialogPaths changes it. */
  dialogPaths?: string[];
  rendererDir?: string;
  workerFile?: string;
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const rendererDir = opts.rendererDir ?? join(ROOT, 'dist', 'renderer');
  const workerFile = opts.workerFile ?? join(ROOT, 'dist', 'main', 'backend-worker.cjs');
  for (const f of [join(rendererDir, 'index.html'), workerFile]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run npm run build first.`);
  }
  const token = randomBytes(24).toString('hex');
  const sse = new Set<ServerResponse>();
  const hostCalls: Bridge['hostCalls'] = [];
  let dialogPaths = opts.dialogPaths ?? [];
  const openedFiles: string[] = [];
  // The key host calls run main's own code; only safeStorage is simulated (in memory).
  const keychain = simulatedKeychain();
  const keys = createKeyVault(keychain, 'linux', () => backend);
  const keyCalls: Record<string, (args: unknown[]) => Promise<unknown>> = keys.hostHandlers;
  const backend = new SwitchableBackend(
    workerFile,
    { dbPath: opts.dbPath, appVersion: 'test', userDir: join(dirname(opts.dbPath), 'user') },
    (event, payload) => broadcast(event, payload),
    { secretProvider: keys.secretProvider },
  );
  function broadcast(event: string, payload: unknown): void {
    const line = `data: ${JSON.stringify({ event, payload })}\n\n`;
    for (const res of sse) res.write(line);
  }
  await backend.ready;
  // The same resolver as the app's osce-media:// protocol: recordings by id, else files in the library.
  const resolveMedia = mediaResolver(
    () => backend.libraryDir,
    (name, args) => backend.call(name, args),
  );
  // The demo lives in its own folder beside the test's database, as it does beside the app's.
  const demoPath = join(dirname(opts.dbPath), 'demo', 'osce-demo.sqlite');

  let origin = '';
  const authorised = (req: IncomingMessage, url: URL) => {
    const given = Buffer.from(String(req.headers['x-osce-token'] ?? url.searchParams.get('token') ?? ''));
    const want = Buffer.from(token);
    return given.length === want.length && timingSafeEqual(given, want);
  };

  const server = createServer(async (req, res) => {
    try {
      // Only loopback with our own port: a rebinding DNS name never gets in.
      if (req.headers.host !== origin.replace('http://', '')) return send(res, 421, 'wrong host');
      const url = new URL(req.url ?? '/', origin);
      if (url.pathname.startsWith('/api/')) {
        if (!authorised(req, url)) return send(res, 401, 'missing or wrong token');
        if (url.pathname === '/api/events') {
          res.writeHead(200, {
            'Content-Type': 'text/event-stream',
            'Cache-Control': 'no-store',
            Connection: 'keep-alive',
          });
          res.write(': connected\n\n');
          sse.add(res);
          req.on('close', () => sse.delete(res));
          return;
        }
        const name = url.pathname.slice('/api/call/'.length);
        if (req.method !== 'POST' || !url.pathname.startsWith('/api/call/')) return send(res, 404, 'not found');
        const raw = JSON.parse((await readBody(req)) || '[]') as unknown;
        return sendJson(res, await dispatch(name, raw));
      }
      if (url.pathname.startsWith('/media/')) {
        // <video> and <img> cannot send a header: the page's media base URL carries the token instead.
        let mediaPath = url.pathname.slice('/media/'.length);
        const first = mediaPath.split('/')[0] ?? '';
        if (first.length === token.length && timingSafeEqual(Buffer.from(first), Buffer.from(token)))
          mediaPath = mediaPath.slice(first.length + 1);
        else if (!authorised(req, url)) return send(res, 401, 'missing or wrong token');
        const media = await resolveMedia(mediaPath);
        return media ? sendFile(req, res, media.path, media.contentType) : send(res, 404, 'not found');
      }
      const file = safeJoin(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
      return file ? sendFile(req, res, file) : send(res, 404, 'not found');
    } catch (err) {
      send(res, 500, (err as Error).message);
    }
  });

  async function dispatch(name: string, raw: unknown) {
    if (callNames.includes(name as CallName) && api[name as CallName].runsIn === 'host') {
      try {
        const args = parseCallArgs(name as CallName, raw) as unknown[];
        // A typed key is never kept, not even in the test's record of host calls.
        hostCalls.push({ name, args: name === 'setProviderApiKey' ? ['[api key withheld]'] : args });
        if (name === 'chooseImportPaths') return { ok: true, value: dialogPaths };
        if (name === 'takeOpenedFiles') return { ok: true, value: openedFiles.splice(0) };
        // The save dialog answers with the first of the dialog paths, as a test set them.
        if (name === 'chooseBundleSavePath') return { ok: true, value: dialogPaths[0] ?? null };
        if (name === 'restoreBackup') {
          const { file, acceptUnverified } = args[0] as { file: string; acceptUnverified: boolean };
          return { ok: true, value: await backend.restore({ file, acceptUnverified, actor: 'app' }) };
        }
        if (name === 'saveReportPdf') {
          // Stands in for main/pdf.ts: the same HTML printed by Chromium, "saved" into the data folder.
          const { html, fileName } = args[0] as { html: string; fileName: string };
          const pdf = await new ChromiumPdfRenderer().render(html, { waitForCharts: html.includes('id="chart-data"') });
          const file = join(dirname(opts.dbPath), 'exports', fileName);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, pdf);
          return { ok: true, value: { file } };
        }
        if (name === 'openDemoData')
          return (await backend.switchTo(demoPath, { createDemo: true }), { ok: true, value: { dbPath: demoPath } });
        if (name === 'openOwnDatabase')
          return (await backend.switchTo(opts.dbPath), { ok: true, value: { dbPath: opts.dbPath } });
        const simulated = keyCalls[name];
        return { ok: true, value: simulated ? await simulated(args) : undefined };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    }
    return backend.call(name, raw);
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/`,
    token,
    initScript: bridgeInitScript(origin, token),
    hostCalls,
    setDialogPaths: (paths) => {
      dialogPaths = [...paths];
    },
    keychain,
    emit: (event, payload) => broadcast(event, payload),
    queueOpenedFiles: (paths) => {
      openedFiles.push(...paths);
      broadcast('app-command', { command: 'open-bundle' });
    },
    stop: async () => {
      for (const res of sse) res.end();
      // close() waits for open keep-alive connections, and the page may still hold some: drop them first.
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await backend.stop();
    },
  };
}

/** The page-side half: the same names as the preload, each POSTing its arguments. */
function bridgeInitScript(origin: string, token: string): string {
  return `(() => {
  const origin = ${JSON.stringify(origin)}, token = ${JSON.stringify(token)};
  const names = ${JSON.stringify(callNames)};
  const listeners = new Set();
  let source = null;
  const ensureEvents = () => {
    if (source) return;
    source = new EventSource(origin + '/api/events?token=' + token);
    source.onmessage = (m) => { const msg = JSON.parse(m.data); for (const l of listeners) l(msg); };
  };
  // pathForFile: a test sets window.__osceDroppedPaths[file name] before dropping files, standing in for Electron's webUtils.
  const bridge = { mediaBaseUrl: origin + '/media/' + token, pathForFile: (file) => (window.__osceDroppedPaths || {})[file.name] || '', on(event, cb) {
    ensureEvents();
    const l = (msg) => { if (msg.event === event) cb(msg.payload); };
    listeners.add(l);
    return () => listeners.delete(l);
  } };
  for (const name of names) {
    bridge[name] = async (...args) => {
      const res = await fetch(origin + '/api/call/' + name, { method: 'POST', headers: { 'content-type': 'application/json', 'x-osce-token': token }, body: JSON.stringify(args) });
      return res.json();
    };
  }
  window.${BRIDGE_GLOBAL} = Object.freeze(bridge);
  window.__osceTestToken = token;
})();`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, text: string) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function sendJson(res: ServerResponse, value: unknown) {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

/** Static files with Range support, which <video> seeking needs. */
function sendFile(req: IncomingMessage, res: ServerResponse, file: string, contentType?: string) {
  if (!existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'not found');
  const size = statSync(file).size;
  const headers: Record<string, string | number> = {
    'Content-Type': contentType ?? TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
  };
  if (extname(file) === '.html') headers['Content-Security-Policy'] = CSP;
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
  if (range) {
    const start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      res.writeHead(416, { 'Content-Range': `bytes */${size}` });
      return res.end();
    }
    res.writeHead(206, {
      ...headers,
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Content-Length': end - start + 1,
    });
    createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Length': size });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}
