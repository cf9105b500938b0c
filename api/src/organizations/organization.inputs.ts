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
import { E164_PATTERN } from '../numbers/e164';
import { CONTRACT_LIMITS } from '../common/contract';

const { cycleStartDay, thresholdPercent } = CONTRACT_LIMITS;
const CYCLE_START_DAY_MESSAGE = `cycleStartDay must be from ${cycleStartDay.min} to ${cycleStartDay.max}`;
const THRESHOLD_MESSAGE = `utilizationThresholdPercent must be from ${thresholdPercent.min} to ${thresholdPercent.max}`;

@InputType({ description: 'Whom an organization asks for more numbers.' })
export class ContactInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(E164_PATTERN, { message: 'phone must be an E.164 number such as +14155550123' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Shown to the admin with the contact.' })
  @IsOptional()
  @MaxLength(2000)
  message?: string | null;
}

@InputType()
export class CreateOrganizationInput {
  @Field()
  @Length(1, 200, { message: 'name must be 1 to 200 characters' })
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Omit for a top-level organization (operators only).' })
  @IsOptional()
  parentId?: string | null;

  @Field(() => String, { nullable: true, defaultValue: 'UTC', description: 'IANA time zone, e.g. Europe/Berlin.' })
  @IsOptional()
  @MaxLength(64)
  timezone!: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 1 })
  @IsOptional()
  @IsInt()
  @Min(CONTRACT_LIMITS.cycleStartDay.min, { message: CYCLE_START_DAY_MESSAGE })
  @Max(CONTRACT_LIMITS.cycleStartDay.max, { message: CYCLE_START_DAY_MESSAGE })
  cycleStartDay!: number | null;

  @Field(() => Int, { nullable: true, defaultValue: 80 })
  @IsOptional()
  @IsInt()
  @Min(CONTRACT_LIMITS.thresholdPercent.min, { message: THRESHOLD_MESSAGE })
  @Max(CONTRACT_LIMITS.thresholdPercent.max, { message: THRESHOLD_MESSAGE })
  utilizationThresholdPercent!: number | null;

  @Field(() => [String])
  @ArrayMinSize(1, { message: 'adminEmails needs at least one address' })
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'adminEmails must hold email addresses' })
  adminEmails!: string[];

  @Field(() => ContactInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  numberRequestContact?: ContactInput | null;
}
