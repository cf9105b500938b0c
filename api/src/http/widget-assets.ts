import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { WIDGETS_DIR } from '../common/paths';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATED = 'public, max-age=0, must-revalidate';

/**
 * The widgets' release as web-components/build.mjs recorded it beside the bundles (dist/release.json,
 * the package's version): read from the built files, not from package.json, so the versioned URL always
 * names the bytes it serves, also in the Docker image, which holds dist/ only. Null when not built.
 */
export function builtWidgetVersion(widgetsDir = WIDGETS_DIR): string | null {
  try {
    const release = JSON.parse(fs.readFileSync(path.join(widgetsDir, 'release.json'), 'utf8')) as { version?: unknown };
    return typeof release.version === 'string' && /^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(release.version)
      ? release.version
      : null;
  } catch {
    return null;
  }
}

function staticWidgets(widgetsDir: string, cacheControl: (file: string) => string) {
  return express.static(widgetsDir, {
    fallthrough: false,
    setHeaders(res, file) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Cache-Control', cacheControl(file));
    },
  });
}

/**
 * `/widgets/<version>/…`: this build's files under its version, all cached for a year, so a host page
 * that names a version keeps exactly those bytes across deploys (entry files import their chunks by
 * relative path, so a versioned page never mixes two releases). `/widgets/…` (unversioned, kept for
 * pages written before): entry files keep their names across releases, so they are revalidated; hashed
 * chunks never change and are immutable there too. Another version than this build's is a 404.
 */
export function widgetAssets(widgetsDir = WIDGETS_DIR) {
  const router = express.Router();
  const version = builtWidgetVersion(widgetsDir);
  if (version)
    router.use(
      `/${version}`,
      staticWidgets(widgetsDir, () => IMMUTABLE),
    );
  const hashedChunk = `${path.sep}chunks${path.sep}`;
  router.use(staticWidgets(widgetsDir, (file) => (file.includes(hashedChunk) ? IMMUTABLE : REVALIDATED)));
  return router;
}
