import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GatewayConfig, buildConfig } from '@latticelm/config';
import { createGatewayApp } from '../../apps/gateway/src/create-gateway-app';

export interface RunningGateway {
  url: string;
  app: NestExpressApplication;
  config: GatewayConfig;
  close(): Promise<void>;
}

/**
 * Starts the whole gateway in-process on a free port from a raw (YAML-shaped) config object. `beforeListen` runs
 * before start-up completes (before onApplicationBootstrap), e.g. to set the traffic clock that start-up reads.
 */
export async function startGateway(raw: Record<string, unknown>, beforeListen?: (app: NestExpressApplication) => void): Promise<RunningGateway> {
  const config = buildConfig(
    {
      logging: { level: 'error' },
      conversations: { store: 'memory' },
      ...raw,
      server: { address: '127.0.0.1:0', ...(raw.server ?? {}) },
    },
    'test',
  );
  const app = await createGatewayApp(config);
  beforeListen?.(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    config,
    close: () => app.close(),
  };
}

/** The official `openai` SDK pointed at the gateway, as an application would use it (no SDK retries in tests). */
export function gatewayClient(gateway: RunningGateway): OpenAI {
  return new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}

/** POST /v1/responses over plain fetch (for raw SSE and error bodies); `input` defaults to "hi". */
export function postResponse(gateway: RunningGateway, body: Record<string, unknown>, headers: Record<string, string> = {}, signal?: AbortSignal) {
  return fetch(`${gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ input: 'hi', ...body }),
    signal,
  });
}
