import { useMemo } from 'preact/hooks';
import { adminApi } from '../api';
import type { SystemInfo } from '../admin-types';
import { LoadNotes } from '../components/status';
import { useLoad } from '../hooks';
import { toYaml } from '../yaml';

export function ConfigPage() {
  const config = useLoad(() => adminApi<Record<string, unknown>>('config'), []);
  const info = useLoad(() => adminApi<SystemInfo>('info'), []);
  const yaml = useMemo(() => (config.data ? toYaml(config.data) : ''), [config.data]);
  return (
    <section aria-labelledby="config-title">
      <div class="page-head">
        <h1 id="config-title">Configuration</h1>
      </div>
      <p>
        The configuration in effect{info.data ? <> (from <code>{info.data.config_source}</code>)</> : null}, with defaults filled in and every secret masked.
      </p>
      <LoadNotes loaded={config} what="the configuration" />
      {config.data ? (
        <pre id="config-yaml" class="code" tabIndex={0} aria-label="configuration (YAML)">
          {yaml}
        </pre>
      ) : null}
    </section>
  );
}
