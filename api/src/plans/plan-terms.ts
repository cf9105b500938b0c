/**
 * A price plan's terms (DESIGN §9) and the rules that check them. Pure functions, no I/O: amounts are
 * exact integers (fees in the currency's minor unit, rates in millionths), never a JavaScript number.
 */
import { CONTRACT_LIMITS } from '../common/contract';
import { DomainError } from '../common/domain-error';
import { UsageType } from '../rating/usage-type';
import { isCurrency, MAX_AMOUNT, minorDigits, parseDecimal, RATE_DECIMALS } from './money';

/** What one usage type's price includes, and what each unit beyond it costs. */
export interface AllowanceTerms {
  /** Included for the whole account, in the type's unit: minutes, messages, bytes. */
  included: number;
  /** Included for each active user of the cycle, in the same unit. */
  includedPerActiveUser: number;
  /** Price of one minute, one message or one gigabyte (10^9 bytes) beyond the allowance, in millionths. */
  overageRate: bigint;
}

export interface PlanTerms {
  name: string;
  /** ISO 4217 code, as Intl knows it. */
  currency: string;
  /** Per cycle, in the currency's minor unit (cents). */
  baseFee: bigint;
  /** Per active user of the cycle, in the minor unit. */
  perActiveUserFee: bigint;
  allowances: Record<UsageType, AllowanceTerms>;
}

/** An allowance as the API takes it: every part optional (0 when omitted or null). */
export interface AllowanceTermsInput {
  included?: number | null;
  includedPerActiveUser?: number | null;
  overageRate?: string | null;
}

/** A plan as the API takes it (PlanInput): fees and rates as decimal strings. */
export interface PlanTermsInput {
  name: string;
  currency: string;
  baseFee?: string | null;
  perActiveUserFee?: string | null;
  voice?: AllowanceTermsInput | null;
  message?: AllowanceTermsInput | null;
  data?: AllowanceTermsInput | null;
}

const PLAN_NAME_LENGTH = CONTRACT_LIMITS.planNameLength;

const USAGE_FIELDS = { [UsageType.VOICE]: 'voice', [UsageType.MESSAGE]: 'message', [UsageType.DATA]: 'data' } as const;

/** A whole number of units, 0 to 10^12; INVALID_INPUT naming `field` otherwise. */
function allowanceAmount(value: number | null | undefined, field: string): number {
  const amount = value ?? 0;
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw DomainError.invalidInput(field, `${field} must be a whole number, 0 or more, got ${amount}`);
  }
  if (BigInt(amount) > MAX_AMOUNT) throw DomainError.invalidInput(field, `${field} must be at most 10^12`);
  return amount;
}

function allowanceTerms(input: AllowanceTermsInput | null | undefined, field: string): AllowanceTerms {
  return {
    included: allowanceAmount(input?.included, `${field}.included`),
    includedPerActiveUser: allowanceAmount(input?.includedPerActiveUser, `${field}.includedPerActiveUser`),
    overageRate: parseDecimal(input?.overageRate ?? '0', RATE_DECIMALS, `${field}.overageRate`),
  };
}

/**
 * Checks a requested plan against DESIGN §9's rules, in the order of its fields, and answers its
 * exact terms; INVALID_INPUT naming the first offending field ('plan.voice.overageRate') otherwise.
 * An omitted or null fee, rate or allowance is 0, as the schema's defaults say.
 */
export function validatePlanTerms(input: PlanTermsInput, field = 'plan'): PlanTerms {
  const name = input.name.trim();
  const length = [...name].length;
  if (length < PLAN_NAME_LENGTH.min || length > PLAN_NAME_LENGTH.max) {
    throw DomainError.invalidInput(`${field}.name`, `name must be 1 to ${PLAN_NAME_LENGTH.max} characters, not blank`);
  }
  const currency = input.currency;
  if (!isCurrency(currency)) {
    throw DomainError.invalidInput(
      `${field}.currency`,
      `currency "${currency}" is not an ISO 4217 currency code (three capital letters, e.g. USD)`,
    );
  }
  const digits = minorDigits(currency);
  return {
    name,
    currency,
    baseFee: parseDecimal(input.baseFee ?? '0', digits, `${field}.baseFee`),
    perActiveUserFee: parseDecimal(input.perActiveUserFee ?? '0', digits, `${field}.perActiveUserFee`),
    allowances: {
      [UsageType.VOICE]: allowanceTerms(input.voice, `${field}.${USAGE_FIELDS.VOICE}`),
      [UsageType.MESSAGE]: allowanceTerms(input.message, `${field}.${USAGE_FIELDS.MESSAGE}`),
      [UsageType.DATA]: allowanceTerms(input.data, `${field}.${USAGE_FIELDS.DATA}`),
    },
  };
}

/** Whether the plan includes any of a type: the only case in which a percentage of its allowance means something. */
export function includesAny(terms: PlanTerms, type: UsageType): boolean {
  const { included, includedPerActiveUser } = terms.allowances[type];
  return included > 0 || includedPerActiveUser > 0;
}
