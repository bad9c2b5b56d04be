import { z } from '@jh/platform-config';
import { configSlice } from './feature';

// Issue 11: each feature gets its own slice of config, not the whole service config.
describe('configSlice', () => {
  const env = { SEND_LEAD_HOURS: z.coerce.number(), SWEEP_MS: z.coerce.number() };

  it('keeps only the keys the feature declared', () => {
    const config = {
      SERVICE_NAME: 'payment',
      SEND_LEAD_HOURS: 48,
      SWEEP_MS: 0,
      AUTH_CLIENT_SECRET: 's',
    };
    expect(configSlice(config, env)).toEqual({ SEND_LEAD_HOURS: 48, SWEEP_MS: 0 });
  });

  it('refuses to start a feature whose keys the app schema did not spread', () => {
    expect(() => configSlice({ SEND_LEAD_HOURS: 48 }, env)).toThrow(
      'config key SWEEP_MS missing: spread the feature',
    );
  });
});
