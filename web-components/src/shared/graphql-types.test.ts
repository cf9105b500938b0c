import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// The generated result types must be what graphql-codegen makes of schema.graphql and queries.ts now.
const root = path.join(__dirname, '..', '..', '..');
const CONFIG = 'web-components/codegen.ts';

/**
 * Runs the project's codegen config in memory, in a child process: the CLI is an ES module that
 * jest's CommonJS runtime cannot load. Answers each output file's name and content.
 */
function generateInMemory(): { filename: string; content: string }[] {
  const script = `
    import { generate, loadCodegenConfig } from '@graphql-codegen/cli';
    const { config } = await loadCodegenConfig({ configFilePath: ${JSON.stringify(CONFIG)} });
    const outputs = await generate({ ...config, silent: true }, false);
    process.stdout.write(JSON.stringify(outputs.map(({ filename, content }) => ({ filename, content }))));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`graphql-codegen failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe('graphql-types.generated.ts', () => {
  it('is what graphql-codegen generates from schema.graphql and queries.ts (npm run codegen:widgets)', () => {
    const outputs = generateInMemory();
    expect(outputs.map((output) => path.relative(root, path.resolve(root, output.filename)))).toEqual([
      'web-components/src/shared/graphql-types.generated.ts',
    ]);
    for (const output of outputs) {
      const committed = fs.readFileSync(path.resolve(root, output.filename), 'utf8');
      expect(committed).toBe(output.content);
    }
  });
});
