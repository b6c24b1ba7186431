import { GoogleGenAI } from '@google/genai';
import type { ProviderFactory } from '../provider';
import { GoogleProvider, googleHttpOptions } from '../google/google.provider';

/** The SDK's Vertex AI default; /v1beta1/projects/P/locations/L/publishers/google/models/M:generateContent. */
export const DEFAULT_VERTEX_API_VERSION = 'v1beta1';

/**
 * Gemini on Vertex AI: the same SDK and converters with `vertexai: true`. Auth, in this order:
 * - `api_key` alone: Vertex AI express mode (x-goog-api-key, no project path);
 * - `credentials_file`: any google-auth-library credentials file (service account key, workload identity
 *   federation), read by the SDK through `googleAuthOptions.keyFilename`;
 * - neither: application default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, the metadata server).
 * `endpoint` replaces https://{location}-aiplatform.googleapis.com (private service connect, proxies, tests).
 */
export const vertexAIProviderFactory: ProviderFactory = {
  type: 'vertexai',
  create(config, context) {
    const expressMode = config.apiKey !== undefined && !config.project;
    const client = new GoogleGenAI({
      vertexai: true,
      ...(expressMode ? { apiKey: config.apiKey } : { project: config.project, location: config.location }),
      ...(config.credentialsFile && !expressMode ? { googleAuthOptions: { keyFilename: config.credentialsFile } } : {}),
      apiVersion: config.apiVersion ?? DEFAULT_VERTEX_API_VERSION,
      httpOptions: googleHttpOptions(config, context),
    });
    return new GoogleProvider(config, client, context);
  },
};
