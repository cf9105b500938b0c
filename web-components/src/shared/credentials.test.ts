import { hasCredentials, identityOf, tokenFromGetter, type TokenGetter } from './credentials';

const jwt = (claims: Record<string, unknown>) =>
  ['{"alg":"HS256"}', JSON.stringify(claims), 'signature']
    .map((part) => Buffer.from(part).toString('base64url'))
    .join('.');

describe('identityOf', () => {
  it('is the same for rotated tokens of one user and differs between users, organizations and roles', () => {
    const user = { sub: 'admin@acme', org: '1', roles: ['admin'] };
    const first = identityOf({ token: jwt({ ...user, iat: 1, exp: 100 }) });
    expect(identityOf({ token: jwt({ ...user, iat: 2, exp: 200 }) })).toBe(first);
    expect(identityOf({ token: jwt({ ...user, roles: ['admin'], sub: 'other@acme' }) })).not.toBe(first);
    expect(identityOf({ token: jwt({ ...user, org: '2' }) })).not.toBe(first);
    expect(identityOf({ token: jwt({ ...user, roles: ['viewer'] }) })).not.toBe(first);
  });

  it('treats a token that is not a JWT as its own identity', () => {
    expect(identityOf({ token: 'opaque-1' })).not.toBe(identityOf({ token: 'opaque-2' }));
    expect(identityOf({ token: 'a.b.c' })).toBe(identityOf({ token: 'a.b.c' }));
  });

  it('is one identity per getToken function, whatever token it returns', () => {
    const getToken: TokenGetter = () => 'x';
    expect(identityOf({ getToken, token: 'ignored' })).toBe(identityOf({ getToken }));
    expect(identityOf({ getToken: () => 'x' })).not.toBe(identityOf({ getToken }));
  });
});

describe('hasCredentials', () => {
  it('needs a token or a getToken', () => {
    expect(hasCredentials({})).toBe(false);
    expect(hasCredentials({ token: '' })).toBe(false);
    expect(hasCredentials({ token: 't' })).toBe(true);
    expect(hasCredentials({ getToken: () => null })).toBe(true);
  });
});

describe('tokenFromGetter', () => {
  it('asks once, then again with forceRefresh once per refused token', async () => {
    const calls: boolean[] = [];
    let issued = 0;
    const getToken: TokenGetter = async (options) => {
      calls.push(Boolean(options?.forceRefresh));
      issued += 1;
      return `token-${issued}`;
    };
    expect(await Promise.all([tokenFromGetter(getToken), tokenFromGetter(getToken)])).toEqual(['token-1', 'token-1']);
    // Two requests refused together: one refresh serves both.
    expect(await Promise.all([tokenFromGetter(getToken, 'token-1'), tokenFromGetter(getToken, 'token-1')])).toEqual([
      'token-2',
      'token-2',
    ]);
    expect(await tokenFromGetter(getToken)).toBe('token-2');
    expect(calls).toEqual([false, true]);
  });

  it('answers null when getToken throws', async () => {
    await expect(tokenFromGetter(() => Promise.reject(new Error('offline')))).resolves.toBeNull();
  });
});
