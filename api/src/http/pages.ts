import fs from 'node:fs';
import express from 'express';
import { DEMO_PAGE, PLAYGROUND_PAGE } from '../paths';

const NOT_BUILT =
  '<!doctype html><title>Management Portal Dashboard</title>' +
  '<p>The widgets are not built yet: run <code>npm run build</code>. ' +
  'GraphQL is at <a href="/graphql">/graphql</a>.</p>';

/**
 * The demo host page at `/` and, when enabled, the playground for a browser's GET of `/graphql`;
 * each read from disk once (the demo page once it exists), with the demo token filled in.
 */
export function pages(options: { demoToken: string | null; playground: boolean }) {
  const withDemoToken = (file: string) =>
    fs.readFileSync(file, 'utf8').replaceAll('__MP_DEMO_TOKEN__', options.demoToken ?? '');
  let demoPage: string | null = null;
  let playgroundPage: string | null = null;
  const router = express.Router();
  router.get('/', (_req, res) => {
    if (demoPage === null && !fs.existsSync(DEMO_PAGE)) {
      res.type('html').send(NOT_BUILT);
      return;
    }
    demoPage ??= withDemoToken(DEMO_PAGE);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(demoPage);
  });
  router.get('/graphql', (req, res, next) => {
    if (!options.playground || req.accepts(['json', 'html']) !== 'html' || req.query.query) {
      next();
      return;
    }
    playgroundPage ??= withDemoToken(PLAYGROUND_PAGE);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(playgroundPage);
  });
  return router;
}
