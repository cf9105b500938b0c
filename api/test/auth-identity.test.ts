import http from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { createTokenVerifier } from '../src/auth/token-verifier';
import { signToken } from '../src/auth/token';
import { AuthConfig, ConfigError, loadConfig } from '../src/common/config';
import { createLogger } from '../src/common/logger';
import { startTestServer, TestServer, TEST_JWT_SECRET } from './harness';

/**
 * DESIGN §11 "Identity" over HTTP. Token checks happen before any query reaches the database, so one
 * database kind (SQLite) is enough here; the JWKS is served by the test, with its fetches counted.
 */

const ISSUER = 'https://sso.carrier.example/realms/portal';
const AUDIENCE = 'usage-dashboard';
const PREVIOUS_SECRET = 'the-secret-before-the-rotation-0123456789';
const VIEWER = '{ viewer { subject roles organization { id } } }';

/** The identity provider's JWKS endpoint: which keys it publishes, whether it answers, how often it was asked. */
class JwksEndpoint {
  keys: JWK[] = [];
  fetches = 0;
  failing = false;
  private server = http.createServer((req, res) => {
    this.fetches += 1;
    if (this.failing) res.writeHead(503).end('down');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys }));
  });

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/realms/portal/certs`;
  }
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }
  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }
}

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256' | 'EdDSA';
  privateKey: KeyLike;
  publicKey: KeyLike;
  jwk: JWK;
}

async function signingKey(alg: SigningKey['alg'], kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : undefined);
  return { kid, alg, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A Keycloak-style access token: the org id in `org_id`, roles under `realm_access.roles`. */
async function idpToken(
  key: SigningKey,
  claims: Record<string, unknown>,
  options: { issuer?: string; audience?: string; expiresIn?: string | null } = {},
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setSubject('f3a1c2d4-keycloak-user')
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setIssuedAt();
  if (options.expiresIn !== null) jwt.setExpirationTime(options.expiresIn ?? '15m');
  return jwt.sign(key.privateKey);
}

/** The auth section as loadConfig reads it from these variables (cooldown 0: every unknown kid refetches). */
function authConfig(env: Record<string, string>, jwksCooldownMs = 0): AuthConfig {
  return { ...loadConfig({ JWT_SECRET: TEST_JWT_SECRET, ...env }).auth, jwksCooldownMs };
}

async function ask(api: TestServer, token: string, query = VIEWER) {
  const res = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

async function refusal(api: TestServer, token: string): Promise<{ message: string; code: string }> {
  const { body } = await ask(api, token);
  return { message: body.errors?.[0]?.message, code: body.errors?.[0]?.extensions?.code };
}

async function closedPortUrl(): Promise<string> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/certs`;
}

const KEYCLOAK_ENV = {
  AUTH_ISSUER: ISSUER,
  AUTH_AUDIENCE: AUDIENCE,
  AUTH_ORG_CLAIM: 'org_id',
  AUTH_ROLES_CLAIM: 'realm_access.roles',
  AUTH_ROLE_MAP: 'portal-admin:admin,portal-viewer:viewer',
};

describe('identity-provider tokens (JWKS) and rotating, role-limited HS256 secrets', () => {
  const jwks = new JwksEndpoint();
  let api: TestServer;
  let rsa: SigningKey;
  let ec: SigningKey;
  let ed: SigningKey;
  let org: number;

  beforeAll(async () => {
    [rsa, ec, ed] = await Promise.all([
      signingKey('RS256', 'rsa-1'),
      signingKey('ES256', 'ec-1'),
      signingKey('EdDSA', 'ed-1'),
    ]);
    jwks.keys = [rsa.jwk, ec.jwk, ed.jwk];
    await jwks.start();
    api = await startTestServer({
      config: {
        auth: authConfig({
          ...KEYCLOAK_ENV,
          AUTH_JWKS_URL: jwks.url,
          JWT_SECRET_PREVIOUS: PREVIOUS_SECRET,
          JWT_SECRET_ROLES: 'admin,viewer,ingest',
        }),
      },
    });
    org = Number(api.demoOrgId);
  });
  afterAll(async () => {
    await api?.close();
    await jwks.stop();
  });

  it('accepts RS256, ES256 and EdDSA tokens, mapping realm_access.roles, numeric org_id; 1 JWKS fetch', async () => {
    const claims = { org_id: org, realm_access: { roles: ['portal-admin', 'viewer', 'offline_access'] } };
    for (const key of [rsa, ec, ed]) {
      const token = await idpToken(key, claims);
      for (let i = 0; i < 2; i++) {
        expect(await ask(api, token)).toEqual({
          status: 200,
          body: {
            data: {
              viewer: {
                subject: 'f3a1c2d4-keycloak-user',
                roles: ['admin', 'viewer'],
                organization: { id: String(org) },
              },
            },
          },
        });
      }
    }
    expect(jwks.fetches).toBe(1);
  });

  it('fetches the JWKS again for an unknown kid (key rotation); a kid still unknown is refused', async () => {
    const before = jwks.fetches;
    const rotated = await signingKey('RS256', 'rsa-2');
    jwks.keys = [rotated.jwk, ec.jwk, ed.jwk];
    const token = await idpToken(rotated, { org_id: org, realm_access: { roles: ['portal-viewer'] } });
    expect((await ask(api, token)).body.data.viewer.roles).toEqual(['viewer']);
    expect(jwks.fetches).toBe(before + 1);
    const stranger = await signingKey('ES256', 'never-published');
    expect(await refusal(api, await idpToken(stranger, { org_id: org }))).toEqual({
      message: 'The token is not valid',
      code: 'UNAUTHENTICATED',
    });
    expect(jwks.fetches).toBe(before + 2);
  });

  it('refuses another issuer or audience, and drops identity-provider roles that are not mapped', async () => {
    const claims = { org_id: org, realm_access: { roles: ['portal-viewer'] } };
    expect(await refusal(api, await idpToken(ec, claims, { issuer: 'https://evil.example/realms/portal' }))).toEqual({
      message: "The token's issuer is not accepted",
      code: 'UNAUTHENTICATED',
    });
    expect(await refusal(api, await idpToken(ec, claims, { audience: 'another-app' }))).toEqual({
      message: "The token's audience is not accepted",
      code: 'UNAUTHENTICATED',
    });
    const unmapped = await idpToken(ec, {
      org_id: org,
      realm_access: { roles: ['uma_authorization', 'portal-owner'] },
    });
    expect((await ask(api, unmapped)).body.data.viewer.roles).toEqual([]);
    const read = await ask(api, unmapped, `{ organization(id: "${org}") { name } }`);
    expect(read.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('accepts JWT_SECRET_PREVIOUS, and refuses an operator token from either secret (JWT_SECRET_ROLES)', async () => {
    const old = await signToken(PREVIOUS_SECRET, { sub: 'portal-backend', org, roles: ['viewer'] }, '15m');
    expect((await ask(api, old)).body.data.viewer).toEqual({
      subject: 'portal-backend',
      roles: ['viewer'],
      organization: { id: String(org) },
    });
    for (const secret of [TEST_JWT_SECRET, PREVIOUS_SECRET]) {
      const operator = await signToken(secret, { sub: 'portal-backend', roles: ['operator'] }, '15m');
      expect(await refusal(api, operator)).toEqual({
        message: 'The token carries a role its issuer may not grant',
        code: 'UNAUTHENTICATED',
      });
    }
  });

  it('refuses alg none, and an HS256 token signed with the identity provider public key', async () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const claims = { sub: 'x', roles: ['operator'], iss: ISSUER, aud: AUDIENCE };
    const none = `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
    expect(await refusal(api, none)).toEqual({
      message: "The token's algorithm (none) is not accepted",
      code: 'UNAUTHENTICATED',
    });
    for (const secret of [await exportSPKI(rsa.publicKey), JSON.stringify(rsa.jwk)]) {
      const forged = await new SignJWT({ org_id: org, roles: ['admin'], realm_access: { roles: ['portal-admin'] } })
        .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
        .setSubject('attacker')
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .sign(new TextEncoder().encode(secret));
      expect(await refusal(api, forged)).toEqual({ message: 'The token is not valid', code: 'UNAUTHENTICATED' });
    }
  });

  it('answers UNAUTHENTICATED when the JWKS cannot be fetched again (known keys verify; /readyz 200)', async () => {
    jwks.failing = true;
    try {
      const rotatedAgain = await signingKey('EdDSA', 'ed-2');
      expect(await refusal(api, await idpToken(rotatedAgain, { org_id: org }))).toEqual({
        message: "The token could not be verified: the identity provider's keys are unavailable",
        code: 'UNAUTHENTICATED',
      });
      const known = await idpToken(ed, { org_id: org, realm_access: { roles: ['viewer'] } });
      expect((await ask(api, known)).body.data.viewer.roles).toEqual(['viewer']);
      expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    } finally {
      jwks.failing = false;
    }
  });

  it('fetches at most once per cooldown for unknown kids (30 s by default), sparing the provider', async () => {
    const tokens = createTokenVerifier({
      jwtSecret: TEST_JWT_SECRET,
      production: false,
      auth: authConfig({ ...KEYCLOAK_ENV, AUTH_JWKS_URL: jwks.url }, 30_000),
    });
    const before = jwks.fetches;
    expect(await tokens.verify(await idpToken(ec, { org_id: org }))).toEqual({
      sub: 'f3a1c2d4-keycloak-user',
      org: String(org),
      roles: [],
    });
    for (const kid of ['unknown-1', 'unknown-2', 'unknown-3']) {
      const stranger = await signingKey('ES256', kid);
      await expect(tokens.verify(await idpToken(stranger, { org_id: org }))).rejects.toThrow('The token is not valid');
    }
    expect(jwks.fetches).toBe(before + 1);
  });
});

describe('a JWKS that cannot be reached from the start', () => {
  let api: TestServer;
  let rsa: SigningKey;
  let jwksUrl: string;
  const warnings: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    rsa = await signingKey('RS256', 'rsa-1');
    jwksUrl = await closedPortUrl();
    api = await startTestServer({
      log: createLogger('warn', (line) => warnings.push(JSON.parse(line))),
      config: { auth: authConfig({ ...KEYCLOAK_ENV, AUTH_JWKS_URL: jwksUrl }) },
    });
  });
  afterAll(async () => api?.close());

  it('answers UNAUTHENTICATED (not 500) for its tokens, logs it once, still serves HS256, /readyz 200', async () => {
    const token = await idpToken(rsa, { org_id: Number(api.demoOrgId), realm_access: { roles: ['viewer'] } });
    for (let i = 0; i < 3; i++) {
      const { status, body } = await ask(api, token);
      expect([status, body.errors?.[0]?.message, body.errors?.[0]?.extensions?.code]).toEqual([
        200,
        "The token could not be verified: the identity provider's keys are unavailable",
        'UNAUTHENTICATED',
      ]);
    }
    const logged = warnings.filter((line) => line.msg === 'identity provider keys unavailable');
    expect(logged).toEqual([
      expect.objectContaining({ level: 'warn', url: jwksUrl, detail: expect.stringContaining('ECONNREFUSED') }),
    ]);
    expect((await ask(api, await api.token())).body.data.viewer.roles).toEqual(['admin']);
    const ready = await fetch(`${api.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });
});

describe('NODE_ENV=production', () => {
  const jwks = new JwksEndpoint();
  let api: TestServer;
  let ec: SigningKey;

  beforeAll(async () => {
    ec = await signingKey('ES256', 'ec-1');
    jwks.keys = [ec.jwk];
    await jwks.start();
    api = await startTestServer({
      config: {
        nodeEnv: 'production',
        production: true,
        auth: authConfig({ ...KEYCLOAK_ENV, NODE_ENV: 'production', AUTH_JWKS_URL: jwks.url }),
      },
    });
  });
  afterAll(async () => {
    await api?.close();
    await jwks.stop();
  });

  it('refuses a token without exp or living over TOKEN_MAX_LIFETIME_SECONDS (86,400), from either issuer', async () => {
    const claims = { org_id: Number(api.demoOrgId), realm_access: { roles: ['viewer'] } };
    expect((await ask(api, await idpToken(ec, claims, { expiresIn: '24h' }))).body.data.viewer.roles).toEqual([
      'viewer',
    ]);
    expect(await refusal(api, await idpToken(ec, claims, { expiresIn: null }))).toEqual({
      message: 'The token has no expiry',
      code: 'UNAUTHENTICATED',
    });
    expect(await refusal(api, await idpToken(ec, claims, { expiresIn: '86401s' }))).toEqual({
      message: "The token's lifetime exceeds 86400 seconds",
      code: 'UNAUTHENTICATED',
    });
    const portal = { sub: 'portal-backend', org: api.demoOrgId, roles: ['viewer' as const] };
    expect(await refusal(api, await signToken(TEST_JWT_SECRET, portal))).toEqual({
      message: 'The token has no expiry',
      code: 'UNAUTHENTICATED',
    });
    expect(await refusal(api, await signToken(TEST_JWT_SECRET, portal, '25h'))).toEqual({
      message: "The token's lifetime exceeds 86400 seconds",
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('identity configuration', () => {
  const base = { JWT_SECRET: TEST_JWT_SECRET };

  function configError(env: Record<string, string>): string {
    try {
      loadConfig({ ...base, ...env });
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('loadConfig accepted it');
  }

  it('stops the start on a malformed AUTH_ROLE_MAP, AUTH_JWKS_URL or JWT_SECRET_ROLES, naming the variable', () => {
    expect(configError({ AUTH_ROLE_MAP: 'portal-admin:admin,portal-viewer' })).toBe(
      'AUTH_ROLE_MAP entries must be idp-role:role, got "portal-viewer"',
    );
    expect(configError({ AUTH_ROLE_MAP: 'portal-admin:superuser' })).toBe(
      'AUTH_ROLE_MAP maps "portal-admin" to "superuser", which is not one of operator, admin, viewer, ingest',
    );
    expect(configError({ AUTH_JWKS_URL: 'sso.carrier.example/certs' })).toBe(
      'AUTH_JWKS_URL must be an http(s) URL, got "sso.carrier.example/certs"',
    );
    expect(configError({ AUTH_JWKS_URL: 'ftp://sso.carrier.example/certs' })).toBe(
      'AUTH_JWKS_URL must be an http(s) URL, got "ftp://sso.carrier.example/certs"',
    );
    expect(configError({ JWT_SECRET_ROLES: 'viewer,owner' })).toBe(
      'JWT_SECRET_ROLES must list roles among operator, admin, viewer, ingest, got "owner"',
    );
    expect(configError({ TOKEN_MAX_LIFETIME_SECONDS: 'a day' })).toBe(
      'TOKEN_MAX_LIFETIME_SECONDS must be an integer from 60 to 31536000, got "a day"',
    );
  });

  it('wants AUTH_ISSUER and AUTH_AUDIENCE with AUTH_JWKS_URL in production only', () => {
    const jwks = { NODE_ENV: 'production', AUTH_JWKS_URL: 'https://sso.carrier.example/realms/portal/certs' };
    expect(configError({ ...jwks, AUTH_AUDIENCE: AUDIENCE })).toBe(
      'AUTH_ISSUER must be set with AUTH_JWKS_URL in production',
    );
    expect(configError({ ...jwks, AUTH_ISSUER: ISSUER })).toBe(
      'AUTH_AUDIENCE must be set with AUTH_JWKS_URL in production',
    );
    expect(loadConfig({ ...base, ...jwks, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE }).auth).toMatchObject({
      jwksUrl: 'https://sso.carrier.example/realms/portal/certs',
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    expect(loadConfig({ ...base, AUTH_JWKS_URL: jwks.AUTH_JWKS_URL }).auth).toMatchObject({
      issuer: null,
      audience: null,
    });
  });

  it('defaults to org, roles, every role for the secret and a day of lifetime', () => {
    expect(loadConfig(base).auth).toEqual({
      previousJwtSecret: null,
      jwtSecretRoles: ['operator', 'admin', 'viewer', 'ingest'],
      jwksUrl: null,
      issuer: null,
      audience: null,
      orgClaim: 'org',
      rolesClaim: 'roles',
      roleMap: {},
      tokenMaxLifetimeSeconds: 86_400,
      jwksCooldownMs: 30_000,
    });
  });
});
