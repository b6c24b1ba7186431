import { buildConfig } from './build-config';
import { GatewayConfig } from './gateway-config';
import {
  ConfigSourceOptions,
  RawConfig,
  applyEnvOverrides,
  findConfigFile,
  providersFromEnvironment,
  readConfigFile,
} from './raw-config-reader';

/** The one place that reads process.env and argv for configuration. */
export function loadConfig(options: ConfigSourceOptions = {
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
}): GatewayConfig {
  const file = findConfigFile(options);
  let raw: RawConfig;
  if (file) {
    raw = readConfigFile(file, options.env);
  } else {
    raw = { providers: providersFromEnvironment(options.env) };
  }
  return buildConfig(applyEnvOverrides(raw, options.env), file ?? 'defaults', options.env);
}
