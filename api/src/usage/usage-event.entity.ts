import { registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, booleanNumber, utcDate } from '../db/transformers';

export enum UsageType {
  VOICE = 'VOICE',
  MESSAGE = 'MESSAGE',
  DATA = 'DATA',
}
registerEnumType(UsageType, {
  name: 'UsageType',
  description:
    'A kind of usage. Recorded per event in seconds (VOICE), messages (MESSAGE) or bytes (DATA); ' +
    'reported in minutes, messages and bytes.',
  valuesConfig: {
    VOICE: {
      description:
        'Calls: recorded in seconds per call, reported in minutes, each call rounded up to the whole minute.',
    },
    MESSAGE: { description: 'Messages: recorded and reported as a number of messages.' },
    DATA: { description: 'Mobile data: recorded and reported in bytes.' },
  },
});

/** A raw call, message or data record. Kept for audit and rebuilds; dashboards read rollups only. */
@Entity('usage_event')
export class UsageEvent {
  /** Chosen by the client; recording a known id again changes nothing. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ type: 'int' })
  organizationId!: number;

  @Column({ type: 'int', nullable: true })
  userId!: number | null;

  @Column({ type: 'varchar', length: 8 })
  type!: UsageType;

  @Column({ type: 'datetime', transformer: utcDate })
  occurredAt!: Date;

  @Column({ type: 'bigint', transformer: bigintNumber })
  quantity!: number;

  @Column({ type: 'tinyint', transformer: booleanNumber })
  billable!: boolean;

  @Column({ type: 'datetime', transformer: utcDate })
  recordedAt!: Date;
}
