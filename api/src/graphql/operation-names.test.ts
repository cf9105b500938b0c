import fs from 'node:fs';
import path from 'node:path';
import {
  GRAPHIQL_EXAMPLE_OPERATION_NAMES,
  operationLabel,
  OTHER_OPERATION,
  WIDGET_OPERATION_NAMES,
} from './operation-names';

const ROOT = path.join(__dirname, '../../..');

/** The names of the operations written in a folder's source files (tests left out). */
function operationNamesIn(folder: string): string[] {
  const names = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
        // An operation definition: its keyword, its name, then its variables or selection set.
        for (const match of fs.readFileSync(file, 'utf8').matchAll(/\b(?:query|mutation|subscription)\s+(\w+)\s*[({]/g))
          names.add(match[1]);
      }
    }
  };
  visit(path.join(ROOT, folder));
  return [...names].sort();
}

describe('the operation names metrics count by name', () => {
  it('are exactly the operations the widgets send', () => {
    expect([...WIDGET_OPERATION_NAMES].sort()).toEqual(operationNamesIn('web-components/src'));
  });

  it("are exactly the GraphiQL examples' operations", () => {
    expect([...GRAPHIQL_EXAMPLE_OPERATION_NAMES].sort()).toEqual(operationNamesIn('api/graphiql/src'));
  });

  it('count any other name and an anonymous operation as other', () => {
    expect(operationLabel('CycleFiguresForViewer')).toBe('CycleFiguresForViewer');
    expect(operationLabel('Dashboard')).toBe('Dashboard');
    expect(operationLabel('RecordUsage')).toBe('RecordUsage');
    expect(operationLabel('cyclefiguresforviewer')).toBe(OTHER_OPERATION);
    expect(operationLabel('MyOwnQuery')).toBe('other');
    expect(operationLabel(undefined)).toBe('other');
    expect(operationLabel(null)).toBe('other');
    expect(operationLabel('')).toBe('other');
  });
});
