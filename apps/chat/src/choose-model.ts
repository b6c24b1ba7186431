import { FALLBACK_MODEL } from './chat-options';
import type { ChatGateway, ModelInfo } from './gateway-client';

export interface ModelChoice {
  model: string;
  /** what /v1/models said, empty when it could not be read */
  models: ModelInfo[];
  /** why the gateway's list could not be used, when it could not */
  warning?: string;
}

/** --model wins; otherwise the gateway's first model; otherwise the seed's default, with a warning. */
export async function chooseModel(gateway: ChatGateway, requested: string | undefined, describe: (error: unknown) => string): Promise<ModelChoice> {
  let models: ModelInfo[] = [];
  let warning: string | undefined;
  try {
    models = await gateway.listModels();
    if (!requested && models.length === 0) warning = `the gateway lists no models; using ${FALLBACK_MODEL}`;
  } catch (error) {
    warning = `could not list models: ${describe(error)}`;
    if (!requested) warning += `; using ${FALLBACK_MODEL}`;
  }
  return { model: requested ?? models[0]?.id ?? FALLBACK_MODEL, models, warning };
}
