import { Field, InputType } from 'type-graphql';
import { CONTRACT_LIMITS } from '../common/contract';
import { SafeIntScalar } from '../common/scalars';
import { AllowanceTermsInput, PlanTermsInput } from './plan-terms';

const NAME = CONTRACT_LIMITS.planNameLength;

// Checked by plan-terms.ts's validatePlanTerms (BAD_USER_INPUT naming the field, 'plan.voice.overageRate'),
// where the rules are unit-tested; the classes only declare the shapes and defaults.

@InputType({ description: 'What a plan includes of one usage type, and the price of each unit beyond it.' })
export class AllowanceInput implements AllowanceTermsInput {
  @Field(() => SafeIntScalar, {
    nullable: true,
    defaultValue: 0,
    description:
      "Included each cycle for the whole account, in the type's unit (minutes, messages, bytes); 0 to 10^12.",
  })
  included?: number | null;

  @Field(() => SafeIntScalar, {
    nullable: true,
    defaultValue: 0,
    description: "Included each cycle for every active user, in the type's unit; 0 to 10^12.",
  })
  includedPerActiveUser?: number | null;

  @Field(() => String, {
    nullable: true,
    defaultValue: '0',
    description:
      'Price of one minute, one message or one gigabyte (10^9 bytes) beyond the allowance: a decimal string, ' +
      '0 to 10^12, at most 6 decimal places ("0.0375").',
  })
  overageRate?: string | null;
}

@InputType({ description: "A customer account's price plan (DESIGN §9): fees, allowances and overage rates." })
export class PlanInput implements PlanTermsInput {
  @Field({
    description: `The plan's name, ${NAME.min}-${NAME.max} characters, not blank; surrounding spaces are trimmed.`,
  })
  name!: string;

  @Field({ description: 'ISO 4217 currency code of every price, as Intl knows it (USD, EUR, JPY, BHD).' })
  currency!: string;

  @Field(() => String, {
    nullable: true,
    defaultValue: '0',
    description:
      "Charged each cycle: a decimal string, 0 to 10^12, with at most the currency's minor-unit digits (USD 2).",
  })
  baseFee?: string | null;

  @Field(() => String, {
    nullable: true,
    defaultValue: '0',
    description:
      "Charged each cycle per active user: a decimal string, 0 to 10^12, at most the currency's minor-unit digits.",
  })
  perActiveUserFee?: string | null;

  @Field(() => AllowanceInput, { nullable: true, description: 'Calls, in minutes; omitted: nothing included, rate 0.' })
  voice?: AllowanceInput | null;

  @Field(() => AllowanceInput, { nullable: true, description: 'Messages; omitted: nothing included, rate 0.' })
  message?: AllowanceInput | null;

  @Field(() => AllowanceInput, {
    nullable: true,
    description: 'Data, included in bytes, priced per gigabyte; omitted: nothing included, rate 0.',
  })
  data?: AllowanceInput | null;
}
