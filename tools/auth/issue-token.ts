// Gets a real access token from the local Keycloak (realm jh) and prints it.
//   npm run -s token -- --user clerk.330106001 [--password …] [--decode]
//   npm run -s token -- --client svc-intake [--secret …] [--decode]
// Development users and secrets: tools/local-infra/README.md (local use only).
import { parseArgs } from 'node:util';
import {
  TokenError,
  clientCredentials,
  decodeToken,
  passwordGrant,
  tokenUrl,
} from './keycloak-token';

const USAGE = `用法：npm run -s token -- --user <用户名> [--password <密码>] [--decode]
      npm run -s token -- --client <svc-…> [--secret <密钥>] [--decode]
  --decode  输出令牌的头部与声明（JSON），而不是令牌本身
  令牌端点：AUTH_TOKEN_URL，或 AUTH_ISSUER，或本地 http://127.0.0.1:\${JH_KEYCLOAK_PORT:-18080}/realms/jh`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      user: { type: 'string' },
      password: { type: 'string' },
      client: { type: 'string' },
      secret: { type: 'string' },
      decode: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.user === !values.client) {
    console.error(`请给出 --user 或 --client 之一。\n${USAGE}`);
    return 2;
  }
  try {
    const t = values.user
      ? await passwordGrant(values.user, values.password)
      : await clientCredentials(values.client as string, values.secret);
    if (values.decode) console.log(JSON.stringify(decodeToken(t.access_token), null, 2));
    else console.log(t.access_token);
    return 0;
  } catch (e) {
    if (e instanceof TokenError) {
      console.error(`获取令牌失败（${tokenUrl()}）：${e.message}`);
      return 1;
    }
    throw e;
  }
}

main().then((code) => process.exit(code));
