import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { CONTRACT_LIMITS } from '../common/contract';
import { SafeIntScalar } from '../common/scalars';
import { UsageType } from '../rating/usage-type';
import { CycleBill } from './charges';
import { formatShortest, formatUnits, minorDigits, RATE_DECIMALS } from './money';
import { EffectivePlan, PlanEffective } from './plan-schedule';
import { AllowanceTerms } from './plan-terms';

const NAME = CONTRACT_LIMITS.planNameLength;

registerEnumType(PlanEffective, {
  name: 'PlanEffective',
  description:
    'When a plan change takes effect. Each cycle is priced by the plan in effect at its start, so no change ' +
    'ever reprices a past cycle.',
  valuesConfig: {
    CURRENT_CYCLE: {
      description: "From the current cycle on: it replaces the current cycle's plan (its charges change at once).",
    },
    NEXT_CYCLE: { description: 'From the next cycle on: the current cycle keeps its plan.' },
  },
});

@ObjectType({
  description:
    "An exact amount of money: never a binary float. amount is a decimal string with exactly the currency's " +
    'minor-unit digits as Intl.NumberFormat gives them ("1234.50" USD, "1234" JPY, "1.250" BHD).',
  simpleResolvers: true,
})
export class Money {
  @Field({ description: 'The amount, a decimal string with exactly the currency\'s minor-unit digits ("1234.50").' })
  amount!: string;

  @Field({ description: 'ISO 4217 currency code (USD).' })
  currency!: string;
}

@ObjectType({
  description:
    'What a plan includes of one usage type, pooled over the whole account, and the price of each unit beyond it.',
  simpleResolvers: true,
})
export class Allowance {
  @Field(() => SafeIntScalar, {
    description:
      "Included each cycle for the whole account, in the type's unit: minutes, messages or bytes; 0 or more.",
  })
  included!: number;

  @Field(() => SafeIntScalar, {
    description: "Included each cycle for every active user of that cycle, in the type's unit; 0 or more.",
  })
  includedPerActiveUser!: number;

  @Field({
    description:
      'The price of one minute (VOICE), one message (MESSAGE) or one gigabyte of 10^9 bytes (DATA) beyond the ' +
      'allowance, in the plan\'s currency: a decimal string with up to 6 decimal places ("0.0375").',
  })
  overageRate!: string;
}

@ObjectType({
  description:
    "A customer account's price plan (DESIGN §9): its top-level organization's, shared by every sub-organization.",
  simpleResolvers: true,
})
export class Plan {
  @Field({ description: `The plan's name, ${NAME.min}-${NAME.max} characters.` })
  name!: string;

  @Field({ description: 'ISO 4217 code of every price in the plan (USD).' })
  currency!: string;

  @Field(() => Money, { description: 'Charged each cycle.' })
  baseFee!: Money;

  @Field(() => Money, { description: 'Charged each cycle for every active user of that cycle.' })
  perActiveUserFee!: Money;

  @Field(() => Allowance, { description: 'Calls: included minutes, and the price of each minute beyond them.' })
  voice!: Allowance;

  @Field(() => Allowance, { description: 'Messages: included messages, and the price of each message beyond them.' })
  message!: Allowance;

  @Field(() => Allowance, { description: 'Data: included bytes, and the price of each gigabyte (10^9 bytes) beyond.' })
  data!: Allowance;

  @Field({
    description:
      "The first local day (YYYY-MM-DD, in the organization's time zone) of the cycle this plan took effect from.",
  })
  effectiveFrom!: string;
}

@ObjectType({
  description:
    "A cycle's charges under the plan in effect at its start, for the whole account: fixed fees, then each usage " +
    "type's overage (usage beyond its allowance × its rate, rounded half up to the currency's minor unit).",
  simpleResolvers: true,
})
export class Charges {
  @Field({ description: 'ISO 4217 code of every amount here: the plan of the cycle.' })
  currency!: string;

  @Field(() => Money, { description: "Fixed fees: baseFee + perActiveUserFee × the cycle's activeUsers." })
  fixed!: Money;

  @Field(() => Money, {
    description:
      'Calls: max(0, billableSeconds − 60 × allowance) × overageRate / 60, the rated seconds beyond the ' +
      'included minutes, rounded half up to the minor unit.',
  })
  voice!: Money;

  @Field(() => Money, {
    description: 'Messages: max(0, billable − allowance) × overageRate, rounded half up to the minor unit.',
  })
  message!: Money;

  @Field(() => Money, {
    description: 'Data: max(0, billable bytes − allowance) × overageRate / 10^9, rounded half up to the minor unit.',
  })
  data!: Money;

  @Field(() => Money, {
    description: 'The sum fixed + voice + message + data: the charges so far (PAST: of the whole cycle).',
  })
  total!: Money;

  @Field(() => Money, {
    nullable: true,
    description:
      "CURRENT only: the total the cycle is on track for, each usage line from the type's forecast in place of " +
      "billable (VOICE: forecast × 60 seconds) with today's activeUsers. Null on PAST, and while the cycle has no " +
      'forecast (no complete day with usage yet), even when the plan charges no usage.',
  })
  forecastTotal!: Money | null;
}

const money = (units: bigint, currency: string, digits = minorDigits(currency)): Money => ({
  amount: formatUnits(units, digits),
  currency,
});

const allowanceView = (terms: AllowanceTerms): Allowance => ({
  included: terms.included,
  includedPerActiveUser: terms.includedPerActiveUser,
  overageRate: formatShortest(terms.overageRate, RATE_DECIMALS),
});

/** A plan in effect as the API answers it. */
export function planView(plan: EffectivePlan): Plan {
  const { terms } = plan;
  return {
    name: terms.name,
    currency: terms.currency,
    baseFee: money(terms.baseFee, terms.currency),
    perActiveUserFee: money(terms.perActiveUserFee, terms.currency),
    voice: allowanceView(terms.allowances[UsageType.VOICE]),
    message: allowanceView(terms.allowances[UsageType.MESSAGE]),
    data: allowanceView(terms.allowances[UsageType.DATA]),
    effectiveFrom: plan.effectiveFrom,
  };
}

/** A bill's charges as the API answers them. */
export function chargesView(bill: CycleBill): Charges {
  const { currency, digits, charges } = bill;
  return {
    currency,
    fixed: money(charges.fixed, currency, digits),
    voice: money(charges.voice, currency, digits),
    message: money(charges.message, currency, digits),
    data: money(charges.data, currency, digits),
    total: money(charges.total, currency, digits),
    forecastTotal: charges.forecastTotal === null ? null : money(charges.forecastTotal, currency, digits),
  };
}
