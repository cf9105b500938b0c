/**
 * The GraphiQL page at GET /graphql (built by ../build.mjs): GraphiQL pointed at this origin's
 * /graphql, with the docs explorer and history, and on a first visit the example operations as tabs,
 * each with the demo token in its request headers on a demo start.
 */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createRoot } from 'react-dom/client';
import { headerFreeStorage } from './header-free-storage';
import { exampleTabs, requestHeaders, type GraphiqlPageConfig } from './example-operations';
import { setUpMonacoWorkers } from './monaco-workers';

function readConfig(): GraphiqlPageConfig {
  const text = document.getElementById('mp-graphiql-config')?.textContent ?? '{}';
  const config = JSON.parse(text) as Partial<GraphiqlPageConfig>;
  return { demoToken: config.demoToken || null, demoOrganizationId: config.demoOrganizationId || null };
}

setUpMonacoWorkers();
const config = readConfig();
const headers = requestHeaders(config);
const fetcher = createGraphiQLFetcher({ url: new URL('/graphql', window.location.href).href });

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={exampleTabs(config, new Date())}
    defaultHeaders={headers}
    defaultEditorToolsVisibility={headers ? 'headers' : true}
    // Headers are never stored (see header-free-storage.ts): "persisted" here means restored from
    // the defaults on reload, which keeps GraphiQL matching the stored tabs; so no toggle for it.
    storage={headerFreeStorage(window.localStorage, headers)}
    shouldPersistHeaders
    showPersistHeadersSettings={false}
  />,
);
