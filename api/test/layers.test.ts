import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// The layering rules (api/.dependency-cruiser.cjs) as `npm test` runs them: they pass on this tree and
// fail on a probe of each kind of import they exist to stop.
const REPO = path.resolve(__dirname, '../..');
const CONFIG = path.join(REPO, 'api/.dependency-cruiser.cjs');
const DEPCRUISE = path.join(REPO, 'node_modules/.bin/depcruise');

function cruise(root: string): { status: number | null; output: string } {
  const run = spawnSync(DEPCRUISE, ['api/src', '--config', CONFIG, '--output-type', 'err'], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

/** A throwaway tree holding only `files` (paths under api/src), with the repository's tsconfig. */
function probeTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-layers-'));
  fs.copyFileSync(path.join(REPO, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, 'api/src', file)), { recursive: true });
    fs.writeFileSync(path.join(root, 'api/src', file), text);
  }
  return root;
}

function violations(files: Record<string, string>): string[] {
  const root = probeTree(files);
  try {
    const { status, output } = cruise(root);
    expect(status).not.toBe(0);
    return [...new Set([...output.matchAll(/error ([\w-]+):/g)].map((m) => m[1]))].sort();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('the layers of api/src', () => {
  it('hold on this tree', () => {
    const { status, output } = cruise(REPO);
    expect(output).toContain('no dependency violations found');
    expect(status).toBe(0);
  });

  it('refuse a cycle of two files', () => {
    expect(
      violations({
        'common/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
        'common/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      }),
    ).toEqual(['no-file-cycles']);
  });

  it('refuse common/ or db/ importing a domain', () => {
    expect(
      violations({
        'organizations/organization.ts': 'export const organization = 1;\n',
        'common/clock.ts':
          "import { organization } from '../organizations/organization';\nexport const c = organization;\n",
        'db/table.ts':
          "import { organization } from '../organizations/organization';\nexport const t = organization;\n",
      }),
    ).toEqual(['common-knows-nothing', 'db-knows-no-domain']);
  });

  it('refuse a domain importing the GraphQL edge, and a lower domain importing a higher one', () => {
    expect(
      violations({
        'graphql/context.ts': 'export const context = 1;\n',
        'numbers/number.ts': "import { context } from '../graphql/context';\nexport const n = context;\n",
        'organizations/org.ts': "import { n } from '../numbers/number';\nexport const o = n;\n",
      }),
    ).toEqual(['domains-below-the-edge', 'organizations-stays-below']);
  });

  it('refuse a cycle between two folders even without a cycle between files', () => {
    expect(
      violations({
        'users/a.ts': "import { c } from '../webhooks/c';\nexport const a = c;\n",
        'users/b.ts': 'export const b = 1;\n',
        'webhooks/c.ts': 'export const c = 1;\n',
        'webhooks/d.ts': "import { b } from '../users/b';\nexport const d = b;\n",
      }),
    ).toEqual(['no-folder-cycles', 'users-stays-below']);
  });

  it('refuse a migration importing code outside db/, and the demo data importing the GraphQL edge', () => {
    expect(
      violations({
        'common/calendar.ts': 'export const day = 1;\n',
        'db/migrations/1-first.ts': "import { day } from '../../common/calendar';\nexport const m = day;\n",
        'graphql/context.ts': 'export const context = 1;\n',
        'demo/seed.ts': "import { context } from '../graphql/context';\nexport const s = context;\n",
      }),
    ).toEqual(['demo-below-the-edge', 'migrations-stay-frozen']);
  });
});
