// Development token issuer: prints a signed JWT for a back-office actor.
// npm run token -- --user u-clerk-1 --roles window_clerk --region 330106 [--department education]
import { parseArgs } from 'node:util';
import { issueToken, roles, type Role } from '@jh/platform-auth';

const { values } = parseArgs({
  options: {
    user: { type: 'string' },
    name: { type: 'string' },
    roles: { type: 'string', default: 'window_clerk' },
    department: { type: 'string' },
    region: { type: 'string' },
    expires: { type: 'string', default: '8h' },
  },
});

if (process.env['NODE_ENV'] === 'production') {
  console.error(
    '生产环境不能使用开发令牌签发工具 / the development issuer is disabled in production',
  );
  process.exit(2);
}
if (!values.user) {
  console.error('缺少 --user / missing --user');
  process.exit(2);
}
const wanted = values.roles.split(',').map((r) => r.trim());
const unknown = wanted.filter((r) => !(roles as readonly string[]).includes(r));
if (unknown.length > 0) {
  console.error(`未知角色 / unknown roles: ${unknown.join(', ')}（可用：${roles.join(', ')}）`);
  process.exit(2);
}

issueToken(
  {
    secret: process.env['AUTH_JWT_SECRET'] ?? 'development-only-secret-change-me-0123456789',
    issuer: process.env['AUTH_ISSUER'] ?? 'jh-platform',
    audience: process.env['AUTH_AUDIENCE'] ?? 'jh-platform',
  },
  {
    userId: values.user,
    name: values.name,
    roles: wanted as Role[],
    department: values.department,
    regionCode: values.region,
  },
  values.expires,
).then((t) => console.log(t));
