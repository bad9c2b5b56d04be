/** Runtime settings served by the gateway (`/console-config.json`), so one build runs anywhere. */
export interface ConsoleConfig {
  oidc: { authority: string; clientId: string };
  environment: 'development' | 'production';
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const res = await fetch('/console-config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`无法读取控制台配置（HTTP ${res.status}）`);
  const config = (await res.json()) as ConsoleConfig;
  if (!config?.oidc?.authority || !config.oidc.clientId) {
    throw new Error('控制台配置缺少统一身份认证地址');
  }
  return config;
}
