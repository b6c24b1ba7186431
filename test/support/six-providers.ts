import { PROVIDER_FIXTURES } from '../contract/fixtures';
import type { ProviderFixture } from '../contract/fixtures/provider-fixture';
import type { FakeUpstream, RecordedRequest } from '../fakes/fake-upstream';
import { RunningGateway, startGateway } from './gateway-harness';

/** One provider behind the shared gateway: its contract fixture (model name, request readers) and its own fake. */
export interface ProviderUnderTest {
  fixture: ProviderFixture;
  fake: FakeUpstream;
  /** the model name a client asks the gateway for */
  model: string;
  /** the requests that generated content, in order (Vertex's token exchanges left out) */
  generations: () => RecordedRequest[];
}

/**
 * Every configured provider kind (openai, azureopenai, anthropic, azureanthropic, google, vertexai), each with
 * the fake of its vendor, behind one gateway: for suites that drive a real client through all six.
 */
export class SixProviders {
  readonly providers: ProviderUnderTest[] = PROVIDER_FIXTURES.map((fixture) => {
    const fake = fixture.createFake();
    return { fixture, fake, model: fixture.model, generations: () => fixture.generationRequests(fake) };
  });
  gateway!: RunningGateway;

  async start(): Promise<RunningGateway> {
    await Promise.all(this.providers.map(({ fake }) => fake.start()));
    this.gateway = await startGateway({
      providers: Object.fromEntries(this.providers.map(({ fixture, fake }) => [fixture.name, { ...fixture.providerConfig(fake.url), max_retries: 0 }])),
      models: this.providers.map(({ fixture }) => ({ name: fixture.model, provider: fixture.name, provider_model_id: fixture.providerModelId ?? fixture.model })),
    });
    return this.gateway;
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    await Promise.all(this.providers.map(({ fake }) => fake.stop()));
  }

  reset(): void {
    for (const { fake } of this.providers) fake.reset();
  }
}
