/**
 * Starting points for the servers skills labs use. A preset fills in a provider's settings; it
 * never decides anything behind the user's back: the kind (API or a server in the lab) stays the
 * user's choice, and "Test connection" finds out what the server really accepts (what a preset
 * says about structured output, images and audio is what the server usually supports, a guess
 * until tested). Pure data, shared by the settings form, the CLI and the scoring service.
 */

export const PRESET_IDS = ['openai', 'azure-openai', 'openrouter', 'ollama', 'llama-cpp', 'vllm', 'lm-studio'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export type TokenParameter = 'max_tokens' | 'max_completion_tokens';
export type StructuredOutputMode = 'json_schema' | 'json_object' | 'none';
/** 'model': depends on the model the server runs (a vision model, an audio model). */
export type Support = 'yes' | 'no' | 'model';

export interface ProviderPreset {
  id: PresetId;
  label: string;
  kind: 'api' | 'local';
  /** The base URL with placeholders in braces the user fills in ({host}, {resource}). */
  baseUrlPattern: string;
  /** A base URL that works as it is (local servers on this machine), or null when a placeholder must be filled. */
  defaultBaseUrl: string | null;
  tokenParameter: TokenParameter;
  /** The best structured-output mode the server usually takes. */
  structuredOutput: StructuredOutputMode;
  images: Support;
  audio: Support;
  /** Requests at once: the ceiling; local servers start at one and rise while answers come back. */
  concurrency: number;
  /** Where the CLI looks for the key by default (API presets). */
  apiKeyEnv: string | null;
  modelHint: string;
  note: string;
}

export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    id: 'openai',
    label: 'OpenAI',
    kind: 'api',
    baseUrlPattern: 'https://api.openai.com/v1',
    defaultBaseUrl: 'https://api.openai.com/v1',
    tokenParameter: 'max_completion_tokens',
    structuredOutput: 'json_schema',
    images: 'yes',
    audio: 'model',
    concurrency: 4,
    apiKeyEnv: 'OPENAI_API_KEY',
    modelHint: 'gpt-4o-mini',
    note: 'Newer models refuse max_tokens; audio input needs an audio model.',
  },
  {
    id: 'azure-openai',
    label: 'Azure OpenAI',
    kind: 'api',
    baseUrlPattern: 'https://{resource}.openai.azure.com/openai/v1',
    defaultBaseUrl: null,
    tokenParameter: 'max_completion_tokens',
    structuredOutput: 'json_schema',
    images: 'model',
    audio: 'model',
    concurrency: 4,
    apiKeyEnv: 'AZURE_OPENAI_API_KEY',
    modelHint: 'your deployment name',
    note: "Uses Azure's v1 API (no api-version); the model is the deployment's name.",
  },
  {
    id: 'openrouter',
    label: 'OpenRouter',
    kind: 'api',
    baseUrlPattern: 'https://openrouter.ai/api/v1',
    defaultBaseUrl: 'https://openrouter.ai/api/v1',
    tokenParameter: 'max_tokens',
    structuredOutput: 'json_schema',
    images: 'model',
    audio: 'model',
    concurrency: 4,
    apiKeyEnv: 'OPENROUTER_API_KEY',
    modelHint: 'openai/gpt-4o-mini',
    note: 'Routes to many providers; structured output and images depend on the model chosen.',
  },
  {
    id: 'ollama',
    label: 'Ollama',
    kind: 'local',
    baseUrlPattern: 'http://{host}:11434/v1',
    defaultBaseUrl: 'http://127.0.0.1:11434/v1',
    tokenParameter: 'max_tokens',
    structuredOutput: 'json_schema',
    images: 'model',
    audio: 'no',
    concurrency: 2,
    apiKeyEnv: null,
    modelHint: 'qwen2.5vl:7b',
    note: 'Builds before 0.5 take json_object only; images need a vision model (llava, qwen2.5vl, gemma3).',
  },
  {
    id: 'llama-cpp',
    label: 'llama.cpp server',
    kind: 'local',
    baseUrlPattern: 'http://{host}:8080/v1',
    defaultBaseUrl: 'http://127.0.0.1:8080/v1',
    tokenParameter: 'max_tokens',
    structuredOutput: 'json_schema',
    images: 'model',
    audio: 'model',
    concurrency: 1,
    apiKeyEnv: null,
    modelHint: 'the model the server was started with',
    note: 'Images need the server started with --mmproj; older builds reject json_schema.',
  },
  {
    id: 'vllm',
    label: 'vLLM',
    kind: 'local',
    baseUrlPattern: 'http://{host}:8000/v1',
    defaultBaseUrl: 'http://127.0.0.1:8000/v1',
    tokenParameter: 'max_tokens',
    structuredOutput: 'json_schema',
    images: 'model',
    audio: 'model',
    concurrency: 8,
    apiKeyEnv: null,
    modelHint: 'Qwen/Qwen2.5-VL-7B-Instruct',
    note: 'Batches requests well; images and audio depend on the model it serves.',
  },
  {
    id: 'lm-studio',
    label: 'LM Studio',
    kind: 'local',
    baseUrlPattern: 'http://{host}:1234/v1',
    defaultBaseUrl: 'http://127.0.0.1:1234/v1',
    tokenParameter: 'max_tokens',
    structuredOutput: 'json_schema',
    images: 'model',
    audio: 'no',
    concurrency: 1,
    apiKeyEnv: null,
    modelHint: 'qwen2.5-vl-7b-instruct',
    note: 'Refuses json_object (json_schema only); images need a vision model.',
  },
];

export function findPreset(id: string): ProviderPreset | undefined {
  return PROVIDER_PRESETS.find((p) => p.id === id);
}
