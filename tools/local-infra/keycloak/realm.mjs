#!/usr/bin/env node
// Source of the development realm `jh` (realm-jh.json is generated from it, never edited by hand):
//   node tools/local-infra/keycloak/realm.mjs          rewrite realm-jh.json
//   node tools/local-infra/keycloak/realm.mjs --check  exit 1 if realm-jh.json is out of date
// Users, passwords and client secrets here are for local development only.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DEV_USERS,
  REALM_ROLES,
  SERVICE_CLIENTS,
  USER_LOOKUP_CLIENTS,
  devClientSecret,
  devUserId,
} from './dev-users.mjs';

export const REALM = 'jh';
export const AUDIENCE = 'jh-platform';
export const DEV_PASSWORD = 'jh-dev-2026';
export const DEV_CLIENT_ID = 'jh-dev';
export const REALM_FILE = join(dirname(fileURLToPath(import.meta.url)), 'realm-jh.json');

const CONSOLE_ORIGINS = [
  'http://127.0.0.1:3000',
  'http://localhost:3000',
  // The browser tests' gateways (e2e/src/system.ts): one port per test file running at once.
  'http://127.0.0.1:3100',
  'http://127.0.0.1:3101',
  'http://127.0.0.1:3102',
  'http://127.0.0.1:3103',
];

function mapper(name, protocolMapper, config) {
  return { name, protocol: 'openid-connect', protocolMapper, consentRequired: false, config };
}
const tokenClaims = (extra = {}) => ({
  'access.token.claim': 'true',
  'id.token.claim': 'true',
  'userinfo.token.claim': 'true',
  'introspection.token.claim': 'true',
  ...extra,
});
const attributeMapper = (attr, claim = attr) =>
  mapper(
    claim,
    'oidc-usermodel-attribute-mapper',
    tokenClaims({ 'user.attribute': attr, 'claim.name': claim, 'jsonType.label': 'String' }),
  );

function scope(name, description, protocolMappers, includeInTokenScope = true) {
  return {
    name,
    description,
    protocol: 'openid-connect',
    attributes: {
      'include.in.token.scope': String(includeInTokenScope),
      'display.on.consent.screen': 'false',
    },
    protocolMappers,
  };
}

// The realm declares every client scope it uses, so nothing depends on Keycloak's defaults.
const CLIENT_SCOPES = [
  scope(
    'basic',
    'sub 与 auth_time',
    [
      mapper('sub', 'oidc-sub-mapper', {
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
      }),
      mapper('auth_time', 'oidc-usersessionmodel-note-mapper', {
        'user.session.note': 'AUTH_TIME',
        'claim.name': 'auth_time',
        'jsonType.label': 'long',
        'access.token.claim': 'true',
        'id.token.claim': 'true',
        'introspection.token.claim': 'true',
      }),
    ],
    false,
  ),
  scope(
    'web-origins',
    '允许的跨域来源',
    [
      mapper('allowed web origins', 'oidc-allowed-origins-mapper', {
        'access.token.claim': 'true',
        'introspection.token.claim': 'true',
      }),
    ],
    false,
  ),
  scope(
    'acr',
    '认证上下文等级',
    [
      mapper('acr loa level', 'oidc-acr-mapper', {
        'access.token.claim': 'true',
        'id.token.claim': 'true',
        'introspection.token.claim': 'true',
      }),
    ],
    false,
  ),
  scope(
    'jh-claims',
    '一门受理平台的令牌声明：角色、行政区划、部门、受众',
    [
      mapper(
        'roles',
        'oidc-usermodel-realm-role-mapper',
        tokenClaims({ 'claim.name': 'roles', multivalued: 'true', 'jsonType.label': 'String' }),
      ),
      attributeMapper('region_code'),
      attributeMapper('department'),
      attributeMapper('username', 'preferred_username'),
      // `name` is "firstName lastName" (Keycloak's order); 姓 and 名 also come separately.
      mapper('name', 'oidc-full-name-mapper', tokenClaims()),
      attributeMapper('lastName', 'family_name'),
      attributeMapper('firstName', 'given_name'),
      mapper('audience jh-platform', 'oidc-audience-mapper', {
        'included.custom.audience': AUDIENCE,
        'access.token.claim': 'true',
        'id.token.claim': 'false',
        'introspection.token.claim': 'true',
      }),
    ],
    false,
  ),
];
const DEFAULT_SCOPES = ['basic', 'web-origins', 'acr', 'jh-claims'];

const client = (clientId, name, extra) => ({
  clientId,
  name,
  enabled: true,
  protocol: 'openid-connect',
  standardFlowEnabled: false,
  implicitFlowEnabled: false,
  directAccessGrantsEnabled: false,
  serviceAccountsEnabled: false,
  fullScopeAllowed: true,
  defaultClientScopes: DEFAULT_SCOPES,
  optionalClientScopes: [],
  ...extra,
});

function clients() {
  return [
    client('console', '一门受理协同办理控制台', {
      publicClient: true,
      standardFlowEnabled: true,
      redirectUris: CONSOLE_ORIGINS.map((o) => `${o}/*`),
      webOrigins: CONSOLE_ORIGINS,
      attributes: {
        'pkce.code.challenge.method': 'S256',
        'post.logout.redirect.uris': CONSOLE_ORIGINS.map((o) => `${o}/*`).join('##'),
      },
    }),
    client(DEV_CLIENT_ID, '本地开发令牌（仅本地）', {
      publicClient: true,
      directAccessGrantsEnabled: true,
    }),
    ...SERVICE_CLIENTS.map((id) =>
      client(id, `服务账号 ${id}`, {
        publicClient: false,
        clientAuthenticatorType: 'client-secret',
        secret: devClientSecret(id),
        serviceAccountsEnabled: true,
      }),
    ),
  ];
}

function userProfile() {
  const adminOnlyEdit = { view: ['admin', 'user'], edit: ['admin'] };
  const name = (n, displayName) => ({
    name: n,
    displayName,
    validations: { length: { max: 255 }, 'person-name-prohibited-characters': {} },
    permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
    multivalued: false,
  });
  return {
    attributes: [
      {
        name: 'username',
        displayName: '${username}',
        validations: {
          length: { min: 3, max: 255 },
          'username-prohibited-characters': {},
          'up-username-not-idn-homograph': {},
        },
        permissions: { view: ['admin', 'user'], edit: ['admin'] },
        multivalued: false,
      },
      {
        name: 'email',
        displayName: '${email}',
        validations: { email: {}, length: { max: 255 } },
        permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
        multivalued: false,
      },
      name('firstName', '${firstName}'),
      name('lastName', '${lastName}'),
      {
        name: 'region_code',
        displayName: '行政区划代码',
        validations: {
          pattern: {
            pattern: '^(\\d{6}|\\d{9}|\\d{12})$',
            'error-message': '行政区划代码须为 6、9 或 12 位数字',
          },
        },
        permissions: adminOnlyEdit,
        multivalued: false,
      },
      {
        name: 'department',
        displayName: '部门',
        validations: {
          pattern: { pattern: '^[a-z_]{2,32}$', 'error-message': '部门代码格式不正确' },
        },
        permissions: adminOnlyEdit,
        multivalued: false,
      },
    ],
    groups: [],
    unmanagedAttributePolicy: 'ADMIN_VIEW',
  };
}

function users() {
  const devUsers = DEV_USERS.map((u) => ({
    id: devUserId(u.username),
    username: u.username,
    enabled: true,
    emailVerified: true,
    email: `${u.username}@dev.jh.local`,
    firstName: u.firstName,
    lastName: u.lastName,
    attributes: {
      region_code: [u.regionCode],
      ...(u.department ? { department: [u.department] } : {}),
    },
    credentials: [{ type: 'password', value: DEV_PASSWORD, temporary: false }],
    realmRoles: [u.role],
    requiredActions: [],
  }));
  const serviceAccounts = SERVICE_CLIENTS.map((id) => ({
    id: devUserId(`service-account-${id}`),
    username: `service-account-${id}`,
    enabled: true,
    serviceAccountClientId: id,
    realmRoles: ['service'],
    ...(USER_LOOKUP_CLIENTS.includes(id)
      ? { clientRoles: { 'realm-management': ['view-users', 'query-users'] } }
      : {}),
  }));
  return [...devUsers, ...serviceAccounts];
}

/** The realm representation imported at start (`--import-realm`). */
export function buildRealm() {
  return {
    realm: REALM,
    displayName: '一门受理协同办理平台',
    enabled: true,
    sslRequired: 'external',
    registrationAllowed: false,
    loginWithEmailAllowed: false,
    duplicateEmailsAllowed: true,
    resetPasswordAllowed: false,
    editUsernameAllowed: false,
    internationalizationEnabled: true,
    supportedLocales: ['zh-CN', 'en'],
    defaultLocale: 'zh-CN',
    // An office day: short access tokens, refreshed silently for up to 10 hours.
    accessTokenLifespan: 900,
    ssoSessionIdleTimeout: 7200,
    ssoSessionMaxLifespan: 36000,
    revokeRefreshToken: false,
    // Brute force: only failed logins count; 5 failures lock the account for 1 min, growing to 15 min.
    bruteForceProtected: true,
    permanentLockout: false,
    failureFactor: 5,
    waitIncrementSeconds: 60,
    maxFailureWaitSeconds: 900,
    quickLoginCheckMilliSeconds: 100,
    minimumQuickLoginWaitSeconds: 30,
    maxDeltaTimeSeconds: 43200,
    // Development realm only: a deployment's own realm keeps Keycloak's default hashing.
    passwordPolicy: 'length(8) and hashAlgorithm(pbkdf2-sha256) and hashIterations(1)',
    defaultSignatureAlgorithm: 'RS256',
    roles: {
      realm: Object.entries(REALM_ROLES).map(([name, description]) => ({ name, description })),
    },
    clientScopes: CLIENT_SCOPES,
    defaultDefaultClientScopes: DEFAULT_SCOPES,
    defaultOptionalClientScopes: [],
    clients: clients(),
    users: users(),
    components: {
      'org.keycloak.userprofile.UserProfileProvider': [
        {
          providerId: 'declarative-user-profile',
          subComponents: {},
          config: { 'kc.user.profile.config': [JSON.stringify(userProfile())] },
        },
      ],
    },
  };
}

/** realm-jh.json's text: the realm, formatted by the repository's prettier settings. */
export async function realmJson() {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(REALM_FILE)) ?? {};
  return prettier.format(JSON.stringify(buildRealm()), { ...options, filepath: REALM_FILE });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const want = await realmJson();
  let have = '';
  try {
    have = readFileSync(REALM_FILE, 'utf8');
  } catch {
    /* missing */
  }
  if (process.argv.includes('--check')) {
    if (have !== want) {
      console.error(`${REALM_FILE} 已过期：请运行 node tools/local-infra/keycloak/realm.mjs`);
      process.exit(1);
    }
  } else if (have !== want) {
    writeFileSync(REALM_FILE, want);
    console.log(`wrote ${REALM_FILE}`);
  }
}
