import { DomainError } from '../common/domain-error';
import { ViewerScope } from './viewer-scope';

describe('ViewerScope', () => {
  const viewerOf = (org: string | null, exists = true) =>
    new ViewerScope({ sub: 'v@x.example', org, roles: ['viewer'] }, null, () => exists);

  it("sees its organization and everything below it: the organization's id on the path", () => {
    const scope = viewerOf('5');
    expect(scope.canSee({ path: '/1/5/' })).toBe(true);
    expect(scope.canSee({ path: '/1/5/12/' })).toBe(true);
    expect(scope.canSee({ path: '/1/' })).toBe(false);
    expect(scope.canSee({ path: '/1/15/' })).toBe(false);
    expect(scope.canSee({ path: '/1/51/' })).toBe(false);
    expect(scope.canSee({ path: '/5' })).toBe(false);
  });

  it('sees nothing with an organization id that cannot exist, and refuses it once resolved', async () => {
    const scope = viewerOf('0');
    expect(scope.canSee({ path: '/0/' })).toBe(false);
    await scope.resolve();
    expect(() => scope.authenticated()).toThrow(DomainError);
    expect(scope.authError).toBe("The token's organization does not exist");
  });

  it('refuses a token whose organization does not exist, looking it up once', async () => {
    let lookups = 0;
    const scope = new ViewerScope({ sub: 'v@x.example', org: '7', roles: ['viewer'] }, null, async () => {
      lookups++;
      return false;
    });
    await Promise.all([scope.resolve(), scope.resolve()]);
    expect(lookups).toBe(1);
    expect(scope.claims).toBeNull();
    expect(scope.canSee({ path: '/7/' })).toBe(false);
    expect(() => scope.require('read')).toThrow("The token's organization does not exist");
  });

  it('keeps a token whose organization exists, and an operator without one sees everything', async () => {
    const scope = viewerOf('7');
    await scope.resolve();
    expect(scope.authenticated().sub).toBe('v@x.example');
    const operator = new ViewerScope({ sub: 'op', org: null, roles: ['operator'] });
    await operator.resolve();
    expect(operator.canSee({ path: '/99/100/' })).toBe(true);
  });
});
