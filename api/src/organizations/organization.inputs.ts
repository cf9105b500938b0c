import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { E164_PATTERN } from '../common/e164';
import { CONTRACT_LIMITS } from '../common/contract';

const { cycleStartDay, thresholdPercent } = CONTRACT_LIMITS;
const CYCLE_START_DAY_MESSAGE = `cycleStartDay must be from ${cycleStartDay.min} to ${cycleStartDay.max}`;
const THRESHOLD_MESSAGE = `utilizationThresholdPercent must be from ${thresholdPercent.min} to ${thresholdPercent.max}`;

@InputType({
  description:
    "Whom an organization asks for more numbers. Without an email or phone, the nearest ancestor's contact applies.",
})
export class ContactInput {
  @Field(() => String, { nullable: true, description: 'Email address to request numbers from, up to 254 characters.' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone number to request numbers from, E.164 (+14155550123).' })
  @IsOptional()
  @Matches(E164_PATTERN, { message: 'phone must be an E.164 number such as +14155550123' })
  phone?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Shown to the admin with the contact, up to 2000 characters; null: inherited from the nearest ancestor ' +
      "that set one, else the carrier's default.",
  })
  @IsOptional()
  @MaxLength(2000)
  message?: string | null;
}

@InputType({
  description:
    "A carrier's rating rule for a top-level organization (DESIGN §8): how each call and data event is billed.",
})
export class RatingInput {
  @Field(() => Int, {
    description:
      'Seconds billed for any call of 1 second up to this long (the initial period), 1-3600 and at least ' +
      'voiceIncrementSeconds. 60 in 60/60, 30 in 30/6.',
  })
  voiceInitialSeconds!: number;

  @Field(() => Int, {
    description:
      'After the initial period a call is billed in steps of this many seconds, 1 to voiceInitialSeconds. ' +
      '60 in 60/60, 6 in 30/6.',
  })
  voiceIncrementSeconds!: number;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 1,
    description: 'Each data event is billed rounded up to whole units of this many bytes, 1-1000000000. Default 1.',
  })
  dataIncrementBytes!: number | null;
}

@InputType({ description: 'A new organization: top-level (operators only) or a sub-organization (admins).' })
export class CreateOrganizationInput {
  @Field({ description: 'Display name, 1-200 characters, not blank; surrounding spaces are trimmed.' })
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      "The parent organization, within the token's subtree (at most 30 levels deep); omit for a top-level " +
      'organization (operators only).',
  })
  @IsOptional()
  parentId?: string | null;

  @Field(() => String, {
    nullable: true,
    defaultValue: 'UTC',
    description:
      'IANA time zone, e.g. Europe/Berlin, in which cycles and days are counted; stored by its canonical name. ' +
      'Default UTC. Cannot be changed later.',
  })
  @IsOptional()
  @MaxLength(64)
  timezone!: string | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 1,
    description:
      `Day of the month on which each billing cycle starts, ${cycleStartDay.min}-${cycleStartDay.max}. ` +
      'Default 1 (calendar months).',
  })
  @IsOptional()
  @IsInt()
  @Min(CONTRACT_LIMITS.cycleStartDay.min, { message: CYCLE_START_DAY_MESSAGE })
  @Max(CONTRACT_LIMITS.cycleStartDay.max, { message: CYCLE_START_DAY_MESSAGE })
  cycleStartDay!: number | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 80,
    description:
      `Utilization threshold in percent, ${thresholdPercent.min}-${thresholdPercent.max}: the admins are ` +
      'emailed when percentInUse reaches it. Default 80.',
  })
  @IsOptional()
  @IsInt()
  @Min(CONTRACT_LIMITS.thresholdPercent.min, { message: THRESHOLD_MESSAGE })
  @Max(CONTRACT_LIMITS.thresholdPercent.max, { message: THRESHOLD_MESSAGE })
  utilizationThresholdPercent!: number | null;

  @Field(() => [String], {
    description: 'Email addresses that threshold notifications go to: 1-20 addresses, stored in lower case.',
  })
  @ArrayMinSize(1, { message: 'adminEmails needs at least one address' })
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'adminEmails must hold email addresses' })
  adminEmails!: string[];

  @Field(() => ContactInput, {
    nullable: true,
    description: "Whom to ask for more numbers; omit to inherit the nearest ancestor's contact, else the carrier's.",
  })
  @IsOptional()
  @ValidateNested()
  numberRequestContact?: ContactInput | null;

  @Field(() => RatingInput, {
    nullable: true,
    description:
      'Top-level organizations only (BAD_USER_INPUT on a sub-organization, which uses its top-level ' +
      "organization's): how calls and data are billed, fixed at creation. Default 60/60 and 1 byte.",
  })
  @IsOptional()
  rating?: RatingInput | null;
}
