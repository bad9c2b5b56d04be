/** Runtime settings served by the gateway (`/console-config.json`), so one build runs anywhere. */
export interface ConsoleConfig {
  oidc: { authority: string; clientId: string };
  environment: 'development' | 'production';
  /** Where a trace id leads (Jaeger's UI), e.g. `http://127.0.0.1:16686/trace/{traceId}`. */
  tracing?: { traceUrl?: string };
}

let loaded: ConsoleConfig | undefined;

/** The settings read at start-up (main.tsx loads them before the first render). */
export function consoleConfig(): ConsoleConfig {
  if (!loaded) throw new Error('控制台配置尚未读取');
  return loaded;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/console-config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`无法读取控制台配置（HTTP ${res.status}）`);
  const config = (await res.json()) as ConsoleConfig;
  if (!config?.oidc?.authority || !config.oidc.clientId) {
    throw new Error('控制台配置缺少统一身份认证地址');
  }
  loaded = config;
  return config;
}
