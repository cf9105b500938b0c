import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_JWT_SECRET } from './harness';

const ROOT = path.join(__dirname, '../..');

/**
 * Starts `node api/src/main.ts` (transpile-only) as its own process; resolves with its URL once it
 * listens, and `output()`: everything it has written to stdout and stderr so far.
 */
export function startApiProcess(
  children: ChildProcess[],
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output(): string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'api/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DEMO_DATA: '0',
      JWT_SECRET: TEST_JWT_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`API process did not start:\n${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => out });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`API process exited (${code ?? signal}):\n${out}`));
    });
  });
}

/** A GraphQL POST to one API process, answering the parsed body. */
export function queryAt(url: string) {
  return async (query: string, variables?: Record<string, unknown>, token?: string | null) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return res.json() as Promise<any>;
  };
}

export function exited(child: ChildProcess): Promise<unknown> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', resolve));
}
