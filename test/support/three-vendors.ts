import { FakeAnthropic } from '../fakes/fake-anthropic';
import { FakeGemini } from '../fakes/fake-gemini';
import { FakeOpenAI } from '../fakes/fake-openai';
import { RunningGateway, startGateway } from './gateway-harness';

/**
 * One fake per vendor family (OpenAI, Anthropic, Gemini) behind one gateway, with the providers `openai`,
 * `anthropic` and `google` and the models `gpt`, `claude` and `gemini` (suites may add more of either).
 */
export class ThreeVendors {
  readonly openai = new FakeOpenAI('openai', 'sk-openai');
  readonly anthropic = new FakeAnthropic('anthropic', 'sk-ant');
  readonly gemini = new FakeGemini('gemini', 'AIza-test');
  gateway!: RunningGateway;

  /**
   * `more` is called once the fakes listen, so extra providers can point at their URLs; `settings` are the other
   * top-level sections (auth, observability, …).
   */
  async start(
    more: (vendors: this) => { providers?: Record<string, unknown>; models?: Record<string, unknown>[] } = () => ({}),
    settings: Record<string, unknown> = {},
  ): Promise<RunningGateway> {
    await Promise.all([this.openai.start(), this.anthropic.start(), this.gemini.start()]);
    const extra = more(this);
    this.gateway = await startGateway({
      ...settings,
      providers: {
        openai: { type: 'openai', api_key: 'sk-openai', endpoint: `${this.openai.url}/v1`, max_retries: 0 },
        anthropic: { type: 'anthropic', api_key: 'sk-ant', endpoint: this.anthropic.url, max_retries: 0 },
        google: { type: 'google', api_key: 'AIza-test', endpoint: this.gemini.url, max_retries: 0 },
        ...extra.providers,
      },
      models: [
        { name: 'gpt', provider: 'openai', provider_model_id: 'gpt-5' },
        { name: 'claude', provider: 'anthropic', provider_model_id: 'claude-sonnet-4-6' },
        { name: 'gemini', provider: 'google', provider_model_id: 'gemini-2.5-flash' },
        ...(extra.models ?? []),
      ],
    });
    return this.gateway;
  }

  async stop(): Promise<void> {
    await this.gateway.close();
    await Promise.all([this.openai.stop(), this.anthropic.stop(), this.gemini.stop()]);
  }

  reset(): void {
    this.openai.reset();
    this.anthropic.reset();
    this.gemini.reset();
  }
}
