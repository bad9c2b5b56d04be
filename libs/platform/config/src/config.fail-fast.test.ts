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
    // The database is the URL's path; the local user and its authSource come with it.
    expect(new URL(dev.MONGO_URL).pathname).toBe('/jh_intake');
    expect(new URL(dev.MONGO_URL).username).toBe('jh');
    expect(new URL(dev.MONGO_URL).searchParams.get('authSource')).toBe('admin');
    expect(dev.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
    expect(dev.KAFKA_USERNAME).toBe('jh');
    expect(() =>
      loadConfig(serviceEnvSchema, { NODE_ENV: 'production' }, developmentDefaults('intake', 3001)),
    ).toThrow(/AUTH_ISSUER/);
  });

  it('requires engine credentials in production (issue 14)', () => {
    const prod = {
      ...developmentDefaults('intake', 3001),
      NODE_ENV: 'production',
      MONGO_URL: 'mongodb://db.example:27017/jh_intake',
      KAFKA_USERNAME: undefined,
      KAFKA_PASSWORD: undefined,
    };
    expect(() => loadConfig(serviceEnvSchema, prod)).toThrow(
      /KAFKA_USERNAME.*KAFKA_PASSWORD.*MONGO_URL: 生产环境须带用户名和密码/,
    );
    const ok = loadConfig(serviceEnvSchema, {
      ...prod,
      MONGO_URL: 'mongodb://svc:secret@db.example:27017/jh_intake?authSource=admin&tls=true',
      KAFKA_USERNAME: 'svc-intake',
      KAFKA_PASSWORD: 'secret',
    });
    expect(ok.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
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
