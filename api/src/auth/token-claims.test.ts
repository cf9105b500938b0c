import { identityProviderClaims, lifetimeProblem, readClaim, sharedSecretClaims } from './token-claims';

const KEYCLOAK = {
  orgClaim: 'org_id',
  rolesClaim: 'realm_access.roles',
  roleMap: { 'portal-admin': 'admin', 'portal-viewer': 'viewer' } as const,
};

describe('readClaim', () => {
  it('reads a claim by its exact name first, even one with dots, then by dotted path', () => {
    const payload = { 'https://portal.example/org': '12', realm_access: { roles: ['portal-admin'] }, org: 3 };
    expect(readClaim(payload, 'https://portal.example/org')).toBe('12');
    expect(readClaim(payload, 'realm_access.roles')).toEqual(['portal-admin']);
    expect(readClaim(payload, 'org')).toBe(3);
    expect(readClaim(payload, 'realm_access.roles.0')).toBeUndefined();
    expect(readClaim(payload, 'resource_access.portal.roles')).toBeUndefined();
  });
});

describe('identityProviderClaims', () => {
  it('maps roles through AUTH_ROLE_MAP, keeps our own names, drops the rest, reads a numeric org as its id', () => {
    const payload = {
      sub: 'f3a1c2',
      org_id: 42,
      realm_access: { roles: ['portal-admin', 'viewer', 'offline_access', 'uma_authorization'] },
    };
    expect(identityProviderClaims(payload, KEYCLOAK)).toEqual({ sub: 'f3a1c2', org: '42', roles: ['admin', 'viewer'] });
  });

  it('reads a space-separated roles string, and applies the map before our own names', () => {
    const mapping = { orgClaim: 'org', rolesClaim: 'scope', roleMap: { admin: 'viewer' } as const };
    expect(identityProviderClaims({ sub: 's', org: 'acme-7', scope: 'openid admin ingest' }, mapping)).toEqual({
      sub: 's',
      org: 'acme-7',
      roles: ['viewer', 'ingest'],
    });
  });

  it('refuses a token without subject, without organization (unless operator), or with an org that is no id', () => {
    expect(() => identityProviderClaims({ org_id: 1, realm_access: { roles: ['viewer'] } }, KEYCLOAK)).toThrow(
      'The token has no subject',
    );
    expect(() => identityProviderClaims({ sub: 's', realm_access: { roles: ['viewer'] } }, KEYCLOAK)).toThrow(
      'The token names no organization',
    );
    expect(() => identityProviderClaims({ sub: 's', org_id: 1.5, realm_access: { roles: [] } }, KEYCLOAK)).toThrow(
      'The token names its organization with neither a string nor an integer',
    );
    expect(identityProviderClaims({ sub: 's', realm_access: { roles: ['operator'] } }, KEYCLOAK)).toEqual({
      sub: 's',
      org: null,
      roles: ['operator'],
    });
  });
});

describe('sharedSecretClaims', () => {
  it('refuses a role of ours outside JWT_SECRET_ROLES, and ignores names that are no role', () => {
    expect(sharedSecretClaims({ sub: 'p', org: '5', roles: ['viewer', 'superuser'] }, ['viewer'])).toEqual({
      sub: 'p',
      org: '5',
      roles: ['viewer'],
    });
    expect(() => sharedSecretClaims({ sub: 'p', roles: ['operator'] }, ['viewer'])).toThrow(
      'The token carries a role its issuer may not grant',
    );
    expect(() => sharedSecretClaims({ sub: 'p', org: '5', roles: ['viewer', 'admin'] }, ['viewer'])).toThrow(
      'The token carries a role its issuer may not grant',
    );
  });
});

describe('lifetimeProblem (production)', () => {
  const now = 1_800_000_000;
  it('wants an expiry within the limit: exp − iat, or exp − now without iat or with a future iat', () => {
    expect(lifetimeProblem({ iat: now }, 86_400, now)).toBe('The token has no expiry');
    expect(lifetimeProblem({ iat: now - 100, exp: now - 100 + 86_400 }, 86_400, now)).toBeNull();
    expect(lifetimeProblem({ iat: now - 100, exp: now - 100 + 86_401 }, 86_400, now)).toBe(
      "The token's lifetime exceeds 86400 seconds",
    );
    expect(lifetimeProblem({ exp: now + 900 }, 900, now)).toBeNull();
    expect(lifetimeProblem({ exp: now + 901 }, 900, now)).toBe("The token's lifetime exceeds 900 seconds");
    expect(lifetimeProblem({ iat: now + 86_400, exp: now + 86_400 + 60 }, 3600, now)).toBe(
      "The token's lifetime exceeds 3600 seconds",
    );
  });
});
