import { Column } from 'typeorm';
import { utcDate } from './transformers';

/**
 * The columns of a row of work that one worker at a time may hold and retry (db/lease.ts): the
 * notification outbox and webhook deliveries.
 */
export abstract class LeasedRowColumns {
  /** When the row is next due. */
  @Column({ type: 'datetime', transformer: utcDate })
  nextAttemptAt!: Date;

  /** Set while a worker holds the row; a crashed holder's claim expires. */
  @Column({ type: 'datetime', nullable: true, transformer: utcDate })
  claimedUntil!: Date | null;

  /** Whose claim it is while held. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken!: string | null;
}
