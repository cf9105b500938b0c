import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { DEMO_PAGE, GRAPHIQL_PAGE } from '../common/paths';

const NOT_BUILT =
  '<!doctype html><title>Management Portal Dashboard</title>' +
  '<p>The widgets are not built yet: run <code>npm run build</code>. ' +
  'GraphQL is at <a href="/graphql">/graphql</a>.</p>';

const GRAPHIQL_NOT_BUILT =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>GraphiQL</title>' +
  '<p>GraphiQL is not built yet: run <code>npm run build</code> (or <code>npm run build:graphiql</code>). ' +
  'GraphQL answers POST requests at this address.</p></html>';

/** What a browser gets at /graphql where GraphiQL is off (by default when NODE_ENV=production). */
const GRAPHIQL_DISABLED =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>GraphiQL is disabled</title>' +
  '<h1>GraphiQL is disabled on this server</h1>' +
  '<p>The in-browser GraphQL IDE and schema introspection are off here; they are off by default when ' +
  '<code>NODE_ENV=production</code>. To enable them, start the server with ' +
  '<code>GRAPHQL_PLAYGROUND=1</code> and <code>GRAPHQL_INTROSPECTION=1</code>.</p>' +
  '<p>GraphQL itself answers here: POST a JSON body <code>{"query": "…"}</code> to <code>/graphql</code> ' +
  'with <code>Authorization: Bearer &lt;token&gt;</code>.</p></html>';

/**
 * The demo page's Content Security Policy: the strict one docs/embedding.md gives hosts, on the API's
 * own origin (so 'self' covers the widgets' scripts and /graphql), with Trusted Types required.
 */
const DEMO_PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; require-trusted-types-for 'script'";

/** The demo page's own script and styles: files beside it, as its policy allows no inline ones. */
const DEMO_ASSETS = ['demo.js', 'demo.css'];

/** A value inside a double-quoted HTML attribute. */
function escapeAttribute(value: string): string {
  return value.replace(/[&"<>]/g, (character) => `&#${character.charCodeAt(0)};`);
}

export interface PagesOptions {
  demoToken: string | null;
  demoOrganizationId: number | null;
  /** GraphiQL for a browser's GET of /graphql (GRAPHQL_PLAYGROUND). */
  playground: boolean;
}

/** The GraphiQL page with what it needs to know filled in: JSON inside a script element, `<` escaped. */
function graphiqlPage(options: PagesOptions): string {
  const config = {
    demoToken: options.demoToken,
    demoOrganizationId: options.demoOrganizationId === null ? null : String(options.demoOrganizationId),
  };
  const json = JSON.stringify(config).replaceAll('<', '\\u003c');
  return fs.readFileSync(GRAPHIQL_PAGE, 'utf8').replace('__MP_GRAPHIQL_CONFIG__', json);
}

/**
 * The demo host page at `/` (under a strict CSP, its script and styles at `/demo/`) and, for a
 * browser's GET of `/graphql`, GraphiQL (or a page saying how to enable it); each read from disk once
 * it exists, with the demo token filled in. JSON clients, and GET requests that carry a query, go on
 * to Apollo.
 */
export function pages(options: PagesOptions) {
  let demoPage: string | null = null;
  let graphiql: string | null = null;
  const router = express.Router();
  router.get('/', (_req, res) => {
    if (demoPage === null && !fs.existsSync(DEMO_PAGE)) {
      res.type('html').send(NOT_BUILT);
      return;
    }
    demoPage ??= fs
      .readFileSync(DEMO_PAGE, 'utf8')
      .replaceAll('__MP_DEMO_TOKEN__', escapeAttribute(options.demoToken ?? ''));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', DEMO_PAGE_POLICY);
    res.type('html').send(demoPage);
  });
  for (const asset of DEMO_ASSETS) {
    router.get(`/demo/${asset}`, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(path.dirname(DEMO_PAGE), asset));
    });
  }
  router.get('/graphql', (req, res, next) => {
    if (req.accepts(['json', 'html']) !== 'html' || req.query.query) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    if (!options.playground) {
      res.status(404).type('html').send(GRAPHIQL_DISABLED);
      return;
    }
    if (graphiql === null && !fs.existsSync(GRAPHIQL_PAGE)) {
      res.type('html').send(GRAPHIQL_NOT_BUILT);
      return;
    }
    graphiql ??= graphiqlPage(options);
    res.type('html').send(graphiql);
  });
  return router;
}
