import {
  ConfigError,
  developmentDefaults,
  jsonEnv,
  loadConfig,
  serviceEnvSchema,
  z,
} from './config';

describe('loadConfig', () => {
  it('fails fast naming every bad variable', () => {
    expect(() =>
      loadConfig(serviceEnvSchema, { NODE_ENV: 'production', HTTP_PORT: 'abc' }),
    ).toThrow(ConfigError);
    try {
      loadConfig(serviceEnvSchema, { NODE_ENV: 'production', HTTP_PORT: 'abc' });
    } catch (e) {
      const vars = (e as ConfigError).issues.map((i) => i.variable);
      expect(vars).toEqual(
        expect.arrayContaining([
          'SERVICE_NAME',
          'HTTP_PORT',
          'KAFKA_BROKERS',
          'MONGO_URL',
          'AUTH_ISSUER',
        ]),
      );
      expect((e as Error).message).toContain('KAFKA_BROKERS');
    }
  });

  it('applies development defaults outside production only', () => {
    const dev = loadConfig(
      serviceEnvSchema,
      { NODE_ENV: 'development' },
      developmentDefaults('intake', 3001),
    );
    expect(dev.HTTP_PORT).toBe(3001);
    expect(dev.KAFKA_BROKERS.length).toBe(1);
    expect(dev.MONGO_URL).toMatch(/jh_intake$/);
    expect(() =>
      loadConfig(serviceEnvSchema, { NODE_ENV: 'production' }, developmentDefaults('intake', 3001)),
    ).toThrow(/AUTH_ISSUER/);
  });

  it('parses lists and booleans', () => {
    const cfg = loadConfig(serviceEnvSchema, {
      ...developmentDefaults('x', 1),
      KAFKA_BROKERS: 'a:1, b:2',
      OTEL_ENABLED: 'true',
    });
    expect(cfg.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(cfg.OTEL_ENABLED).toBe(true);
  });

  it('parses JSON variables and names the bad ones', () => {
    const schema = z.object({ LIMITS: jsonEnv(z.record(z.string(), z.number())) });
    expect(loadConfig(schema, { LIMITS: '{"a":1}' }).LIMITS).toEqual({ a: 1 });
    expect(() => loadConfig(schema, { LIMITS: '{a:1' })).toThrow(/LIMITS.*must be JSON/s);
    expect(() => loadConfig(schema, { LIMITS: '{"a":"x"}' })).toThrow(/LIMITS/);
  });
});
