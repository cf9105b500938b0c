import { routeLabel } from './request-metrics';

describe('routeLabel', () => {
  it('names the mounted routes', () => {
    expect(routeLabel('/graphql')).toBe('/graphql');
    expect(routeLabel('/reports/usage.csv')).toBe('/reports/usage.csv');
    expect(routeLabel('/usage/events')).toBe('/usage/events');
    expect(routeLabel('/readyz')).toBe('/readyz');
    expect(routeLabel('/healthz')).toBe('/healthz');
    expect(routeLabel('/')).toBe('/');
  });

  it('counts every file of a served folder as the folder', () => {
    expect(routeLabel('/widgets/mp-dashboard.js')).toBe('/widgets');
    expect(routeLabel('/widgets/chunks/abc123.js')).toBe('/widgets');
    expect(routeLabel('/graphiql-assets/graphiql-4f2a.css')).toBe('/graphiql-assets');
    expect(routeLabel('/demo/demo.js')).toBe('/demo');
  });

  it('never makes a label from any other URL', () => {
    expect(routeLabel('/graphql/extra')).toBe('other');
    expect(routeLabel('/widgetsX/a.js')).toBe('other');
    expect(routeLabel('/metrics')).toBe('other');
    expect(routeLabel('/reports/usage.csv.bak')).toBe('other');
    expect(routeLabel('/wp-admin/install.php')).toBe('other');
  });
});
