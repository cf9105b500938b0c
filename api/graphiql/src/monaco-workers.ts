/** The URLs of the worker files build.mjs wrote, by Monaco's label. */
declare const MP_MONACO_WORKERS: { editor: string; json: string; graphql: string };

/**
 * Tells Monaco where its workers are: files of this build on the same origin (build.mjs bundles
 * them), where graphiql's own setups point at a bundler's worker syntax or a CDN.
 */
export function setUpMonacoWorkers(): void {
  (globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
    getWorker(_workerId: string, label: string): Worker {
      const url = label === 'json' || label === 'graphql' ? MP_MONACO_WORKERS[label] : MP_MONACO_WORKERS.editor;
      return new Worker(url, { name: label });
    },
  };
}
