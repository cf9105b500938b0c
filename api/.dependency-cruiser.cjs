// The layers of api/src (docs/architecture.md), checked by `npm test` (npm run lint:deps).
// Dependencies run down this list and never up; the file graph and the folder graph are both acyclic.

/** The domain folders, lowest first: each may import those before it, never those after. */
const DOMAINS = [
  'auth',
  'rating',
  'organizations',
  'users',
  'usage',
  'webhooks',
  'notifications',
  'cycles',
  'plans',
  'numbers',
  'alerts',
  'ingestion',
  'reports',
  'number-requests',
];
const SRC = '^api/src/';
const ROOT_FILES = `${SRC}[^/]+\\.ts$`;
const folders = (names) => `${SRC}(${names.join('|')})/`;

const layerOrder = DOMAINS.slice(0, -1).map((domain, i) => ({
  name: `${domain}-stays-below`,
  comment: `${domain}/ sits below ${DOMAINS.slice(i + 1).join(', ')}: it must not import them.`,
  severity: 'error',
  from: { path: folders([domain]) },
  to: { path: folders(DOMAINS.slice(i + 1)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment: 'No import cycle between files of api/src, type-only imports included.',
      severity: 'error',
      from: { path: SRC },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No cycle between the folders of api/src: each folder is a layer or a domain.',
      severity: 'error',
      scope: 'folder',
      from: { path: SRC },
      to: { circular: true },
    },
    {
      name: 'common-knows-nothing',
      comment: 'common/ is the bottom layer: it imports nothing else of api/src.',
      severity: 'error',
      from: { path: `${SRC}common/` },
      to: { path: SRC, pathNot: `${SRC}common/` },
    },
    {
      name: 'db-knows-no-domain',
      comment: 'db/ knows no domain: the composition root hands it the entities and migrations (data-model.ts).',
      severity: 'error',
      from: { path: `${SRC}db/` },
      to: { path: SRC, pathNot: `${SRC}(db|common)/` },
    },
    {
      name: 'migrations-stay-frozen',
      comment: 'A migration carries the code it runs: it imports nothing of api/src outside db/.',
      severity: 'error',
      from: { path: `${SRC}db/migrations/` },
      to: { path: SRC, pathNot: `${SRC}db/` },
    },
    {
      name: 'demo-below-the-edge',
      comment: 'The demo data is made through the services the composition root hands in, never the edge.',
      severity: 'error',
      from: { path: `${SRC}demo/` },
      to: { path: `${SRC}(graphql|http)/|${ROOT_FILES}` },
    },
    {
      name: 'domains-below-the-edge',
      comment: 'A domain never imports the GraphQL or HTTP edge, the demo seed or the composition root.',
      severity: 'error',
      from: { path: folders(DOMAINS) },
      to: { path: `${SRC}(graphql|http|demo)/|${ROOT_FILES}` },
    },
    {
      name: 'edge-below-the-root',
      comment: 'graphql/ and http/ never import the composition root (main, server, services, lifecycle).',
      severity: 'error',
      from: { path: `${SRC}(graphql|http)/` },
      to: { path: `${SRC}demo/|${ROOT_FILES}` },
    },
    {
      name: 'http-below-graphql',
      comment: 'http/ is below graphql/: the GraphQL edge uses the HTTP helpers, never the reverse.',
      severity: 'error',
      from: { path: `${SRC}http/` },
      to: { path: `${SRC}graphql/` },
    },
    ...layerOrder,
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // Tests may reach across layers to set up what they check.
    exclude: { path: '\\.test\\.ts$' },
  },
};
