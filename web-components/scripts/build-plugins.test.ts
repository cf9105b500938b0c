/**
 * The widget build's CSS minification (build-plugins.mjs, an ES module run by build.mjs): what a css``
 * template part becomes, run in Node (jest runs CommonJS).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const MODULE = pathToFileURL(join(__dirname, 'build-plugins.mjs')).href;

function minifyCss(text: string): string {
  const script = `
    import { minifyCssText } from ${JSON.stringify(MODULE)};
    process.stdout.write(minifyCssText(${JSON.stringify(text)}));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

it('drops comments and spare whitespace, keeping what separates selectors and values', () => {
  const css = `
    /* Hostile host CSS must not reach in. */
    :host {
      font: 16px / 1.5 var(--_font, system-ui, sans-serif);
      margin: calc(100% - 8px) 0;
    }
    .figures > li:hover ,
    .a .b::part(value) { color: red ; }
  `;
  expect(minifyCss(css)).toBe(
    ' :host{font: 16px / 1.5 var(--_font,system-ui,sans-serif);margin: calc(100% - 8px) 0;}' +
      '.figures>li:hover,.a .b::part(value){color: red;}',
  );
});

it('leaves the text next to an interpolation as one space, never gluing two values together', () => {
  expect(minifyCss('\n    border: 1px solid ')).toBe(' border: 1px solid ');
  expect(minifyCss(' ;\n  }\n')).toBe(';}');
});
