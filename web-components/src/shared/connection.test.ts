import { resolveConnection, sameConnection, type ConnectionSettings } from './connection';

const empty: ConnectionSettings = {
  endpoint: '',
  token: '',
  getToken: null,
  organizationId: '',
  locale: '',
  theme: '',
  live: '',
};
const dashboard: ConnectionSettings = {
  endpoint: 'https://api.example/graphql',
  token: 'dashboard-token',
  getToken: null,
  organizationId: '7',
  locale: 'de-DE',
  theme: 'dark',
  live: 'off',
};

describe('resolveConnection', () => {
  it('uses the inherited settings where the widget has none of its own', () => {
    expect(resolveConnection(empty, dashboard)).toEqual(dashboard);
    expect(resolveConnection(empty, undefined)).toEqual(empty);
  });

  it("lets the widget's own attributes win, token and getToken as one choice", () => {
    const getToken = () => 'own';
    const own = { ...empty, getToken, locale: 'en-GB' };
    expect(resolveConnection(own, dashboard)).toEqual({ ...dashboard, token: '', getToken, locale: 'en-GB' });
    expect(resolveConnection({ ...empty, organizationId: '9' }, dashboard).organizationId).toBe('9');
    expect(resolveConnection({ ...empty, theme: 'auto' }, dashboard).theme).toBe('auto');
    expect(resolveConnection(empty, dashboard).live).toBe('off');
    expect(resolveConnection({ ...empty, live: 'on' }, dashboard).live).toBe('on');
  });
});

describe('sameConnection', () => {
  it('compares every setting', () => {
    expect(sameConnection(dashboard, { ...dashboard })).toBe(true);
    expect(sameConnection(dashboard, { ...dashboard, token: 'rotated' })).toBe(false);
    expect(sameConnection(dashboard, { ...dashboard, theme: 'light' })).toBe(false);
    expect(sameConnection(dashboard, { ...dashboard, live: 'on' })).toBe(false);
    expect(sameConnection(undefined, undefined)).toBe(true);
    expect(sameConnection(dashboard, undefined)).toBe(false);
  });
});
