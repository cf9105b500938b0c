import { Config } from '../common/config';
import { Database } from './database';
import { Logger } from '../common/logger';

/** What every service is built from, once per process. */
export interface AppDeps {
  db: Database;
  config: Config;
  /** The time; tests pin it. */
  clock: () => Date;
  log: Logger;
}
