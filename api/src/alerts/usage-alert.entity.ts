import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CONTRACT_LIMITS } from '../common/contract';
import { SafeIntScalar } from '../common/scalars';
import { UsageType } from '../rating/usage-type';
import { bigintNumber, booleanNumber, utcDate } from '../db/transformers';

/** What a usage alert compares with its threshold (DESIGN.md §7). */
export enum AlertBasis {
  ACTUAL = 'ACTUAL',
  FORECAST = 'FORECAST',
}
registerEnumType(AlertBasis, {
  name: 'AlertBasis',
  description: 'What a usage alert compares with its threshold.',
  valuesConfig: {
    ACTUAL: { description: "The current cycle's billable usage so far (as the cycle card shows it)." },
    FORECAST: {
      description: 'The billable total the current cycle is on track to reach (the forecast of CycleUsage).',
    },
  },
});

const PERCENT = CONTRACT_LIMITS.allowancePercent;

/** What a usage alert's threshold counts (DESIGN.md §9). */
export enum AlertMeasure {
  UNITS = 'UNITS',
  PERCENT_OF_ALLOWANCE = 'PERCENT_OF_ALLOWANCE',
}
registerEnumType(AlertMeasure, {
  name: 'AlertMeasure',
  description: "What a usage alert's threshold counts.",
  valuesConfig: {
    UNITS: { description: "The type's billing unit: VOICE minutes, MESSAGE messages, DATA bytes." },
    PERCENT_OF_ALLOWANCE: {
      description:
        `A percentage (${PERCENT.min}-${PERCENT.max}) of the type's allowance in the price plan: compared with ` +
        'percentUsed (ACTUAL) or ' +
        "forecastPercent (FORECAST) of the current cycle's UsageTotal.",
    },
  },
});

/** A budget on one usage type: fires once per billing cycle when reached. */
@ObjectType({
  description:
    "A usage alert: the admins (and webhooks) are notified once per billing cycle when the cycle's billable " +
    'usage of a type, or its forecast, reaches the threshold. Covers the organization and its sub-organizations.',
})
@Entity('usage_alert')
export class UsageAlert {
  @Field(() => ID, { description: "The alert's id." })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  organizationId!: number;

  @Field(() => UsageType, { description: 'The usage type it watches.' })
  @Column({ type: 'varchar', length: 10 })
  type!: UsageType;

  @Field(() => SafeIntScalar, {
    description:
      "The amount that fires it: with measure UNITS in the type's billing unit (VOICE minutes, MESSAGE messages, " +
      `DATA bytes), 1 to 2^53-1; with PERCENT_OF_ALLOWANCE a percentage of the allowance, ${PERCENT.min} to ` +
      `${PERCENT.max}.`,
  })
  @Column({ type: 'bigint', transformer: bigintNumber })
  threshold!: number;

  @Field(() => AlertBasis, { description: 'ACTUAL: billable usage so far; FORECAST: the cycle forecast.' })
  @Column({ type: 'varchar', length: 10 })
  basis!: AlertBasis;

  @Field(() => AlertMeasure, {
    description: 'UNITS: the threshold is an amount of usage; PERCENT_OF_ALLOWANCE: a percentage of the allowance.',
  })
  @Column({ type: 'varchar', length: 24, default: AlertMeasure.UNITS })
  measure!: AlertMeasure;

  @Field({ description: 'False: the alert is kept but never fires.' })
  @Column({ type: 'tinyint', transformer: booleanNumber, default: 1 })
  enabled!: boolean;

  @Column({ type: 'datetime', transformer: utcDate })
  createdAt!: Date;
}
