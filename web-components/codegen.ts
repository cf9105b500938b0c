/**
 * graphql-codegen: the result types of the widgets' documents (src/shared/queries.ts), generated from
 * the schema the API emits (schema.graphql). `npm run codegen:widgets` writes them; a jest test
 * (src/shared/graphql-types.test.ts) fails when the committed file is stale. Paths are relative to
 * the repository root, where the npm script runs.
 *
 * typescript-operations 6 emits the enums and scalars its operations use by itself; adding the
 * `typescript` plugin to the same file would declare them twice (a type error), so it is left out.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

export const GENERATED_TYPES_FILE = 'web-components/src/shared/graphql-types.generated.ts';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web-components/src/shared/queries.ts'],
  generates: {
    [GENERATED_TYPES_FILE]: {
      plugins: ['typescript-operations'],
      config: {
        // Types only: the generated module adds nothing to the bundles.
        enumsAsTypes: true,
        useTypeImports: true,
        printFieldsOnNewLines: true,
        // The API's custom scalars as JSON delivers them.
        scalars: { SafeInt: 'number', DateTime: 'string' },
        strictScalars: true,
      },
    },
  },
  silent: true,
};

export default config;
