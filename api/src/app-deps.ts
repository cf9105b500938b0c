import { Config } from './config';
import { Database } from './db/database';
import { Logger } from './logger';

/** What every service is built from, once per process. */
export interface AppDeps {
  db: Database;
  config: Config;
  /** The time; tests pin it. */
  clock: () => Date;
  log: Logger;
}
