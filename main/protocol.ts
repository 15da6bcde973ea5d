import { net, protocol } from 'electron';
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { contentSecurityPolicy, MEDIA_SCHEME } from '../contract/bridge';
import { resolveExistingInside } from './safe-path';
import { pathToFileURL } from 'node:url';

export const APP_SCHEME = 'app';
export const APP_HOST = 'osce';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Must run before app 'ready'. */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ]);
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy({ mediaScheme: MEDIA_SCHEME });

/** Serves the packaged UI from app://osce/ with a path check and the CSP header. */
export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = await resolveExistingInside(root, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file || !statSync(file).isFile()) return new Response('Not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    if (extname(file) === '.html') headers.set('Cache-Control', 'no-store');
    return new Response(res.body, { status: res.status, headers });
  });
}

/** A file to serve; contentType overrides the one guessed from the extension (.mov plays as video/mp4). */
export interface MediaFile {
  path: string;
  contentType?: string;
}

/**
 * osce-media://media/<path> streams posters, proxies and recordings; the resolver decides which
 * file a URL path means (a recording by id, or a file inside the library) or refuses it.
 */
export function serveMedia(resolveMediaFile: (urlPath: string) => Promise<MediaFile | null>): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = await resolveMediaFile(url.pathname);
    if (!file || !existsSync(file.path) || !statSync(file.path).isFile())
      return new Response('Not found', { status: 404 });
    // net.fetch on file: URLs honours Range requests, which video seeking needs.
    const res = await net.fetch(pathToFileURL(file.path).toString(), { headers: request.headers });
    if (!file.contentType) return res;
    const headers = new Headers(res.headers);
    headers.set('Content-Type', file.contentType);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  });
}
