import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { loadConfig } from '../common/config';
import { signToken } from './token';
import { InvalidTokenError } from './token-claims';
import { createTokenVerifier } from './token-verifier';

const SECRET = 'token-test-secret-0123456789abcdef';
const PREVIOUS = 'token-test-previous-secret-0123456789';
const encoder = new TextEncoder();

function verifierFor(env: Record<string, string> = {}, clock?: () => Date) {
  return createTokenVerifier(loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: 'sqlite::memory:', ...env }), { clock });
}

function unsigned(header: object, payload: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part(header)}.${part(payload)}.`;
}

describe('the verified-token cache', () => {
  it('answers the same claims on a repeat, and refuses a cached token once it has expired', async () => {
    const start = new Date();
    let now = start;
    const tokens = verifierFor({}, () => now);
    const token = await signToken(SECRET, { sub: 'a@x.example', org: 7, roles: ['viewer'] }, '60s');
    const first = await tokens.verify(token);
    expect(first).toEqual({ sub: 'a@x.example', org: '7', roles: ['viewer'] });
    expect(await tokens.verify(token)).toEqual(first);
    now = new Date(start.getTime() + 61_000);
    await expect(tokens.verify(token)).rejects.toThrow(new InvalidTokenError('The token has expired'));
  });

  it('never answers from the cache for another secret, another role limit or an altered token', async () => {
    const token = await signToken(SECRET, { sub: 'b@x.example', org: 8, roles: ['admin'] });
    await verifierFor().verify(token);
    await expect(verifierFor({ JWT_SECRET: `${SECRET}-other` }).verify(token)).rejects.toThrow(
      'The token is not valid',
    );
    await expect(verifierFor({ JWT_SECRET_ROLES: 'viewer' }).verify(token)).rejects.toThrow(
      'The token carries a role its issuer may not grant',
    );
    await expect(verifierFor().verify(`${token.slice(0, -2)}xx`)).rejects.toThrow('The token is not valid');
  });

  it('keeps no token with `nbf`: refused before it, accepted after', async () => {
    const start = new Date();
    let now = start;
    const tokens = verifierFor({}, () => now);
    const nbf = Math.floor(start.getTime() / 1000) + 30;
    const token = await new SignJWT({ org: '9', roles: ['viewer'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('later')
      .setNotBefore(nbf)
      .sign(encoder.encode(SECRET));
    await expect(tokens.verify(token)).rejects.toThrow('The token is not valid yet');
    now = new Date(nbf * 1000);
    expect(await tokens.verify(token)).toEqual({ sub: 'later', org: '9', roles: ['viewer'] });
  });
});

describe('HS256 secrets', () => {
  it('accepts JWT_SECRET_PREVIOUS while a rotation settles, and nothing else', async () => {
    const tokens = verifierFor({ JWT_SECRET_PREVIOUS: PREVIOUS });
    const old = await signToken(PREVIOUS, { sub: 'portal', org: 3, roles: ['viewer'] }, '5m');
    expect(await tokens.verify(old)).toEqual({ sub: 'portal', org: '3', roles: ['viewer'] });
    await expect(verifierFor().verify(old)).rejects.toThrow('The token is not valid');
    const expired = await signToken(SECRET, { sub: 'portal', org: 3, roles: ['viewer'] }, '-1m');
    await expect(tokens.verify(expired)).rejects.toThrow('The token has expired');
  });

  it('limits either secret to JWT_SECRET_ROLES', async () => {
    const tokens = verifierFor({ JWT_SECRET_PREVIOUS: PREVIOUS, JWT_SECRET_ROLES: 'viewer' });
    const viewer = await signToken(SECRET, { sub: 'portal', org: 3, roles: ['viewer'] });
    expect(await tokens.verify(viewer)).toEqual({ sub: 'portal', org: '3', roles: ['viewer'] });
    for (const secret of [SECRET, PREVIOUS]) {
      const operator = await signToken(secret, { sub: 'portal', roles: ['operator'] });
      await expect(tokens.verify(operator)).rejects.toThrow('The token carries a role its issuer may not grant');
    }
  });
});

describe('algorithms', () => {
  it('refuses none, HS512, and RS256 when no JWKS is configured', async () => {
    const tokens = verifierFor();
    const claims = { sub: 'x', roles: ['operator'] };
    await expect(tokens.verify(unsigned({ alg: 'none' }, claims))).rejects.toThrow(
      "The token's algorithm (none) is not accepted",
    );
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).sign(encoder.encode(SECRET));
    await expect(tokens.verify(hs512)).rejects.toThrow("The token's algorithm (HS512) is not accepted");
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    await expect(tokens.verify(rs256)).rejects.toThrow("The token's algorithm (RS256) is not accepted");
    await expect(tokens.verify('not-a-jwt')).rejects.toThrow('The token is not valid');
  });

  it('refuses an HS256 token signed with the identity provider public key (no HS/RS confusion)', async () => {
    const { publicKey } = await generateKeyPair('RS256');
    const pem = await exportSPKI(publicKey);
    const tokens = verifierFor({ AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' });
    const forged = await new SignJWT({ roles: ['operator'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('attacker')
      .sign(encoder.encode(pem));
    await expect(tokens.verify(forged)).rejects.toThrow(new InvalidTokenError('The token is not valid'));
  });
});

describe('production lifetime rules', () => {
  const production = { NODE_ENV: 'production', TOKEN_MAX_LIFETIME_SECONDS: '900' };

  it('refuses a token without exp or living over TOKEN_MAX_LIFETIME_SECONDS; development accepts both', async () => {
    const tokens = verifierFor(production);
    const claims = { sub: 'portal', org: 3, roles: ['viewer' as const] };
    expect(await tokens.verify(await signToken(SECRET, claims, '15m'))).toEqual({ ...claims, org: '3' });
    const forever = await signToken(SECRET, claims);
    const tooLong = await signToken(SECRET, claims, '16m');
    await expect(tokens.verify(forever)).rejects.toThrow(new InvalidTokenError('The token has no expiry'));
    await expect(tokens.verify(tooLong)).rejects.toThrow("The token's lifetime exceeds 900 seconds");
    expect(await verifierFor().verify(forever)).toEqual({ ...claims, org: '3' });
    expect(await verifierFor().verify(tooLong)).toEqual({ ...claims, org: '3' });
  });
});
