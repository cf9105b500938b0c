// `npm run layers`: the folder graph of api/src as dependency-cruiser reads it (type-only imports
// included), and every rule the imports break. The rules themselves are in api/.dependency-cruiser.cjs.
import { execFileSync } from 'node:child_process';

const args = ['api/src', '--config', 'api/.dependency-cruiser.cjs', '--output-type', 'json'];
let json;
try {
  json = execFileSync('npx', ['depcruise', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
} catch (error) {
  json = error.stdout; // depcruise exits non-zero when a rule is broken; its JSON still comes.
}
const { modules, summary } = JSON.parse(json);
const folderOf = (file) => file.match(/^api\/src\/([^/]+)\//)?.[1] ?? (file.startsWith('api/src/') ? '(root)' : null);

const edges = new Map();
for (const module of modules) {
  const from = folderOf(module.source);
  if (!from) continue;
  if (!edges.has(from)) edges.set(from, new Set());
  for (const dependency of module.dependencies) {
    const to = folderOf(dependency.resolved);
    if (to && to !== from) edges.get(from).add(to);
  }
}
console.log('Folder graph of api/src (a folder: the folders it imports)');
for (const [from, tos] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`  ${from}: ${[...tos].sort().join(', ') || '-'}`);
}
const broken = summary.violations.map((v) => `  ${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ' (cycle)' : ''}`);
console.log(broken.length ? `Rules broken (${broken.length}):\n${broken.join('\n')}` : 'Rules broken: none');
process.exitCode = broken.length ? 1 : 0;
