/**
 * The one way the app builds an OpenAI-compatible client: no retries of its own (callers retry by
 * cause), no organisation or project ids from the environment, and a fetch that never follows a
 * redirect. The openai client would follow a 307 or 308 to any other origin and send the whole
 * body there again (frames included; only the Authorization header is dropped): consent and the
 * key are for the configured endpoint, so a redirect is refused, naming where it pointed.
 */
import OpenAI from 'openai';

/** The server answered with a redirect; nothing was sent to where it pointed. */
class RedirectRefusedError extends Error {
  override name = 'RedirectRefused';
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return 'an address that is not a URL';
  }
};

/** fetch with redirects refused: the 3xx answer becomes an error before anything is sent on. */
export const noRedirectFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, { ...init, redirect: 'manual' });
  if (response.status < 300 || response.status > 399) return response;
  await response.body?.cancel().catch(() => undefined);
  const from = hostOf(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const location = response.headers.get('location');
  const to = location ? hostOf(new URL(location, typeof input === 'string' ? input : String(input)).href) : 'nowhere';
  throw new RedirectRefusedError(
    `${from} answered with a redirect (HTTP ${response.status}) to ${to}; model requests are never redirected, so nothing was sent there. ` +
      "Set the provider's base URL to the address that answers",
  );
};

export function modelClient(opts: { apiKey: string; baseURL: string; timeoutMs: number }): OpenAI {
  return new OpenAI({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    maxRetries: 0,
    timeout: opts.timeoutMs,
    // Never forward organisation or project ids from the environment to an arbitrary server.
    organization: null,
    project: null,
    fetch: noRedirectFetch,
  });
}
