import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';

const run = promisify(execFile);
const SCRIPT = path.join(__dirname, '../../scripts/galera-cluster.sh');
const PROVIDER = '/usr/lib/galera/libgalera_smm.so';

/**
 * Whether this machine can run the three-node cluster (galera-4 installed, mariadbd present, root to
 * start the servers as `mysql`). With REQUIRE_GALERA=1 (set by .ci/run, which installs galera-4) a
 * machine that cannot fails the suite instead of skipping it.
 */
export function galeraAvailable(): boolean {
  const missing = [PROVIDER, '/usr/sbin/mariadbd', '/usr/bin/mariadb-install-db', '/usr/bin/rsync'].filter(
    (f) => !fs.existsSync(f),
  );
  const root = process.getuid?.() === 0;
  if (!missing.length && root) return true;
  if (process.env.REQUIRE_GALERA === '1') {
    const lacking = [...missing, ...(root ? [] : ['not root'])].join(', ');
    throw new Error(
      `REQUIRE_GALERA=1 but the Galera cluster cannot start here: ${lacking} ` +
        '(apt-get install -y galera-4 rsync, as root)',
    );
  }
  return false;
}

/** The three-node cluster of scripts/galera-cluster.sh, in a temporary directory of this run. */
export class GaleraCluster {
  readonly nodes = [1, 2, 3];

  private constructor(
    readonly dir: string,
    readonly basePort: number,
  ) {}

  static async start(basePort = Number(process.env.GALERA_BASE_PORT ?? 4306)): Promise<GaleraCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-galera-'));
    const cluster = new GaleraCluster(dir, basePort);
    try {
      await cluster.script('start');
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  port(node: number): number {
    return this.basePort + node - 1;
  }

  /** mysql://root@127.0.0.1:<node's port>/<database> */
  url(node: number, database: string): string {
    return `mysql://root@127.0.0.1:${this.port(node)}/${database}`;
  }

  connect(node: number, database?: string): Promise<mysql.Connection> {
    return mysql.createConnection({ host: '127.0.0.1', port: this.port(node), user: 'root', database });
  }

  async createDatabase(name: string): Promise<void> {
    const conn = await this.connect(1);
    try {
      await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
    } finally {
      await conn.end();
    }
  }

  /** SIGKILL: the node crashes; the others evict it after the (shortened) suspect timeout. */
  kill(node: number): Promise<string> {
    return this.script('kill-node', String(node));
  }

  /** Starts a killed node again and waits until it has caught up (IST) and is Synced. */
  restart(node: number): Promise<string> {
    return this.script('start-node', String(node));
  }

  status(): Promise<string> {
    return this.script('status');
  }

  async stop(): Promise<void> {
    try {
      await this.script('stop');
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** How node N's log says it caught up after its restart (IST or SST), for the test's report. */
  joinedBy(node: number): 'IST' | 'SST' | 'unknown' {
    const log = fs.readFileSync(path.join(this.dir, `node${node}.err`), 'utf8');
    const lastStart = log.lastIndexOf('Starting MariaDB');
    const tail = lastStart >= 0 ? log.slice(lastStart) : log;
    if (/IST received/.test(tail)) return 'IST';
    if (/SST (received|succeeded)|sst_received/i.test(tail)) return 'SST';
    return 'unknown';
  }

  private async script(...args: string[]): Promise<string> {
    const { stdout } = await run(SCRIPT, [args[0], this.dir, ...args.slice(1)], {
      env: { ...process.env, GALERA_BASE_PORT: String(this.basePort) },
      timeout: 120_000,
    });
    return stdout;
  }
}
