/**
 * Model provider settings and where a provider lives. The location decides whether frames leave
 * this machine, which is what consent is about: loopback and this machine's own addresses are
 * exempt, anything else (a LAN GPU box included) is remote.
 */
import { networkInterfaces, hostname as osHostname } from 'node:os';
import { isIP } from 'node:net';
import { z } from 'zod';
import { PRESET_IDS, type TokenParameter } from '../../../domain/model-providers/presets';
import { ProviderConfigError } from './errors';

const IMAGE_DETAILS = ['low', 'high', 'auto'] as const;
export type ImageDetail = (typeof IMAGE_DETAILS)[number];

const baseUrl = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .superRefine((text, ctx) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `'${text}' is not a URL (expected e.g. http://127.0.0.1:11434/v1)` });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'must start with http:// or https://' });
    }
    // Credentials in a URL end up in logs, run records and audit events; keys go in the key setting.
    if (url.username || url.password) {
      ctx.addIssue({
        code: 'custom',
        message: 'must not contain a user name or password; put the API key in the key setting',
      });
    }
    if (url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'must not contain ?query or #fragment (keys are never passed in URLs)' });
    }
  })
  .transform((text) => text.replace(/\/+$/, ''));

export const ProviderConfigSchema = z
  .object({
    kind: z.enum(['api', 'local']),
    baseUrl,
    model: z.string().trim().min(1, 'must not be empty').max(200),
    /** Frames sent per request: the whole recording in full mode, each step's span in clip mode. */
    framesPerRequest: z.number().int().min(1).max(240).default(16),
    imageDetail: z.enum(IMAGE_DETAILS).default('low'),
    timeoutS: z.number().positive().max(3600).default(120),
    concurrency: z.number().int().min(1).max(32).default(4),
    temperature: z.number().min(0).max(2).default(0),
    maxOutputTokens: z.number().int().min(64).max(65_536).default(4096),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    /** The preset the settings started from (informational: the settings themselves decide). */
    preset: z.enum(PRESET_IDS).optional(),
    /** Which name the answer length limit goes under; by default max_completion_tokens for an API, max_tokens for a lab server. */
    tokenParameter: z.enum(['max_tokens', 'max_completion_tokens']).optional(),
    /** Blur faces in every frame before it is sent; by default on for an API, off for a lab server. */
    maskFaces: z.boolean().optional(),
  })
  .strict();

export type ProviderConfig = Omit<z.output<typeof ProviderConfigSchema>, 'tokenParameter' | 'maskFaces'> & {
  tokenParameter: TokenParameter;
  maskFaces: boolean;
};
export type ProviderConfigInput = z.input<typeof ProviderConfigSchema>;

/** The defaults that follow from the kind the user chose (never from the host name). */
function defaultTokenParameter(kind: ProviderConfig['kind']): TokenParameter {
  // OpenAI's newer models refuse max_tokens; many lab servers know only max_tokens.
  return kind === 'api' ? 'max_completion_tokens' : 'max_tokens';
}

/** Validates settings from the UI or CLI flags; the error names the first bad field. */
export function parseProviderConfig(input: unknown): ProviderConfig {
  const r = ProviderConfigSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ProviderConfigError(issue.path.join('.') || '(settings)', issue.message);
  }
  const c = r.data;
  return {
    ...c,
    tokenParameter: c.tokenParameter ?? defaultTokenParameter(c.kind),
    maskFaces: c.maskFaces ?? c.kind === 'api',
  };
}

export type HostLocation = 'loopback' | 'this-machine' | 'remote';

export interface ProviderHost {
  /** host[:port] as it appears in the URL, e.g. "127.0.0.1:11434" or "api.openai.com". */
  host: string;
  /** scheme://host[:port]: the key consent is remembered under. */
  origin: string;
  location: HostLocation;
}

function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.') || name === '0.0.0.0';
  if (isIP(name) === 6) {
    const n = name.toLowerCase();
    return n === '::1' || n === '::' || /^::ffff:127\./.test(n) || n === '0:0:0:0:0:0:0:1';
  }
  return false;
}

/** This machine's own names and interface addresses (a server bound to the LAN address of this PC). */
function ownAddresses(): Set<string> {
  const out = new Set<string>([osHostname().toLowerCase()]);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) out.add(a.address.toLowerCase().replace(/%.*$/, ''));
  }
  return out;
}

/** Where the provider at `url` is; `own` is injectable so tests do not depend on this machine. */
export function classifyHost(url: string, own: Set<string> = ownAddresses()): ProviderHost {
  const u = new URL(url);
  const name = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const location: HostLocation = isLoopbackName(name) ? 'loopback' : own.has(name) ? 'this-machine' : 'remote';
  return { host: u.host, origin: u.origin, location };
}

/** Consent is needed only when frames leave this machine. */
export function isRemote(p: ProviderHost): boolean {
  return p.location === 'remote';
}
