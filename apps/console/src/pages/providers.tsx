import { adminApi } from '../api';
import { ScrollTable } from '../components/scroll-table';
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
        <ScrollTable id="provider-list" headers={['Provider', 'Type', 'Endpoint', 'Status', 'Circuit', 'Models (circuit)']}>
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
        </ScrollTable>
      ) : null}
      <h2>
        Health {health.data ? <Badge state={health.data.status} /> : null}
      </h2>
      <LoadNotes loaded={health} what="health" />
      {health.data ? (
        <ScrollTable id="health-checks" headers={['Check', 'Status', 'Details']}>
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
        </ScrollTable>
      ) : null}
    </section>
  );
}
