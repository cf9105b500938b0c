import { InitialSchema1764100000000 } from './1764100000000-initial-schema';

/** Every migration, in order. The only way the schema changes. */
export const MIGRATIONS = [InitialSchema1764100000000];
