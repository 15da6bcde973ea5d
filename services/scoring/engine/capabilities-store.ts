/**
 * Negotiated capabilities, one row per base URL and model (what a server accepts is a property of
 * the server and the model it runs, so two saved providers pointing at the same pair share it).
 * Written by "Test connection", by the first batch on a new provider, and whenever scoring learns
 * something new (a server that refused images after all). Read back through the same type.
 */
import { z } from 'zod';
import type { Db } from '../../../db/connection';
import { capabilitiesJson, putCapabilities } from '../../../db/queries/providers';
import type { ProviderCapabilities } from '../../../contract/scoring';
import { nowIso } from '../../core/clock';

const Refusal = z.object({
  feature: z.enum(['json_schema', 'json_object', 'images', 'audio', 'max_tokens', 'max_completion_tokens']),
  status: z.number().int().nullable(),
  message: z.string(),
});

const CapabilitiesSchema = z.object({
  structuredOutput: z.enum(['json_schema', 'json_object', 'none']),
  schemaFollowed: z.boolean().nullable(),
  tokenParameter: z.enum(['max_tokens', 'max_completion_tokens']),
  images: z.boolean(),
  audio: z.boolean().nullable(),
  refusals: z.array(Refusal),
  requests: z.number().int().min(0),
  testedAt: z.string(),
}) satisfies z.ZodType<ProviderCapabilities>;

export function getCapabilities(db: Db, baseUrl: string, model: string): ProviderCapabilities | null {
  const json = capabilitiesJson(db, baseUrl, model);
  if (json === undefined) return null;
  // A row this app did not write (hand-edited, an older shape) counts as untested, not as an error.
  const parsed = CapabilitiesSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

export function saveCapabilities(db: Db, baseUrl: string, model: string, caps: ProviderCapabilities): void {
  putCapabilities(db, baseUrl, model, JSON.stringify(CapabilitiesSchema.parse(caps)), caps.testedAt || nowIso());
}
