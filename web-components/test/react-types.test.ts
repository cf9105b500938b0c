/**
 * The React wrappers' types: a TSX file using them compiles, and props or callbacks of the wrong type
 * are errors (each marked @ts-expect-error in the fixture, which tsc reports if it is not an error).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

it('typed props and onMp… callbacks: right ones compile, wrong ones do not', () => {
  const tsc = join(__dirname, '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
  const fixture = join(__dirname, 'fixtures', 'react-props.tsx');
  const result = spawnSync(
    process.execPath,
    [
      tsc,
      '--noEmit',
      '--strict',
      '--jsx',
      'react-jsx',
      '--target',
      'ES2022',
      '--module',
      'ES2022',
      '--moduleResolution',
      'bundler',
      '--experimentalDecorators',
      '--useDefineForClassFields',
      'false',
      '--skipLibCheck',
      '--types',
      'react',
      '--lib',
      'ES2022,DOM,DOM.Iterable',
      fixture,
    ],
    { encoding: 'utf8' },
  );
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
}, 120_000);
