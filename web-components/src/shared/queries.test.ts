import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, validate, type DocumentNode } from 'graphql';
import * as queries from './queries';

// The widgets' documents checked against the schema the API emits, so the two cannot drift apart.
const schemaFile = path.join(__dirname, '..', '..', '..', 'schema.graphql');

function documentsIn(value: unknown, name: string): [string, DocumentNode][] {
  if (!value || typeof value !== 'object') return [];
  if ((value as DocumentNode).kind === 'Document') return [[name, value as DocumentNode]];
  return Object.entries(value).flatMap(([key, inner]) => documentsIn(inner, `${name}.${key}`));
}

const documents = Object.entries(queries).flatMap(([name, value]) => documentsIn(value, name));

describe('widget GraphQL documents', () => {
  it('are all found', () => {
    expect(documents.length).toBeGreaterThanOrEqual(12);
  });

  const run = fs.existsSync(schemaFile) ? it.each(documents) : it.skip.each(documents);
  run('%s is valid against schema.graphql', (_name, document) => {
    const schema = buildSchema(fs.readFileSync(schemaFile, 'utf8'));
    expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  });
});
