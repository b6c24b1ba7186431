import { adminApi } from '../api';
import type { HealthReport, ProviderView } from '../admin-types';
import { Badge, LoadNotes } from '../components/status';
import { useInterval, useLoad } from '../hooks';

export function ProvidersPage() {
  const providers = useLoad(() => adminApi<{ providers: ProviderView[] }>('providers'), []);
  const health = useLoad(() => adminApi<HealthReport>('health'), []);
  const refresh = () => {
    providers.reload();
    health.reload();
  };
  useInterval(refresh, 10_000);
  return (
    <section aria-labelledby="providers-title">
      <div class="page-head">
        <h1 id="providers-title">Providers</h1>
        <button type="button" onClick={refresh}>
          Refresh
        </button>
      </div>
      <LoadNotes loaded={providers} what="providers" />
      {providers.data ? (
        <div class="table-scroll">
          <table id="provider-list">
            <thead>
              <tr>
                <th scope="col">Provider</th>
                <th scope="col">Type</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Status</th>
                <th scope="col">Circuit</th>
                <th scope="col">Models (circuit)</th>
              </tr>
            </thead>
            <tbody>
              {providers.data.providers.map((provider) => (
                <tr key={provider.name} data-provider={provider.name}>
                  <th scope="row">{provider.name}</th>
                  <td>{provider.type}</td>
                  <td>{provider.endpoint ?? 'vendor default'}</td>
                  <td>
                    <Badge state={provider.status} />
                  </td>
                  <td>{provider.circuit ? <Badge state={provider.circuit} /> : 'n/a'}</td>
                  <td>
                    {provider.models.length === 0 ? (
                      'routed by prefix'
                    ) : (
                      <ul class="plain">
                        {provider.models.map((model) => (
                          <li key={model.name}>
                            {model.name}
                            {model.provider_model_id !== model.name ? ` → ${model.provider_model_id}` : ''}
                            {model.fallbacks.length ? ` (fallbacks: ${model.fallbacks.join(', ')})` : ''} {model.circuit ? <Badge state={model.circuit} /> : null}
                            {model.cooling_down_s ? ` retry in ${model.cooling_down_s}s` : ''}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <h2>
        Health {health.data ? <Badge state={health.data.status} /> : null}
      </h2>
      <LoadNotes loaded={health} what="health" />
      {health.data ? (
        <div class="table-scroll">
          <table id="health-checks">
            <thead>
              <tr>
                <th scope="col">Check</th>
                <th scope="col">Status</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(health.data.checks).map(([name, check]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>
                    <Badge state={check.status} />
                  </td>
                  <td>
                    {check.message}
                    {typeof check.latency_ms === 'number' ? ` (${check.latency_ms} ms)` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
