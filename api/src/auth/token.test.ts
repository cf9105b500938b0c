import { InvalidTokenError, signToken, verifyToken } from './token';

const SECRET = 'token-test-secret-0123456789abcdef';

describe('verifyToken with its cache of verified tokens', () => {
  afterEach(() => jest.useRealTimers());

  it('answers the same claims on a repeat, and refuses a cached token once it has expired', async () => {
    jest.useFakeTimers({
      now: new Date('2027-01-01T00:00:00Z'),
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    const token = await signToken(SECRET, { sub: 'a@x.example', org: 7, roles: ['viewer'] }, '60s');
    const first = await verifyToken(token, SECRET);
    expect(first).toEqual({ sub: 'a@x.example', org: '7', roles: ['viewer'] });
    expect(await verifyToken(token, SECRET)).toEqual(first);
    jest.setSystemTime(new Date('2027-01-01T00:01:01Z'));
    await expect(verifyToken(token, SECRET)).rejects.toThrow(new InvalidTokenError('The token has expired'));
  });

  it('never answers from the cache for another secret or an altered token', async () => {
    const token = await signToken(SECRET, { sub: 'b@x.example', org: 8, roles: ['admin'] });
    await verifyToken(token, SECRET);
    await expect(verifyToken(token, `${SECRET}-other`)).rejects.toThrow('The token is not valid');
    await expect(verifyToken(`${token.slice(0, -2)}xx`, SECRET)).rejects.toThrow('The token is not valid');
  });
});
