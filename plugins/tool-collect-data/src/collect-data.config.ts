import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { patternProblem } from './pattern-safety/pattern-safety';

export const FIELD_TYPES = ['email', 'phone', 'date', 'number', 'enum', 'pattern', 'text'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Keys become conversation variable names, so they stay short snake_case. */
export const FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;

const TYPED_SETTINGS = ['options', 'pattern', 'defaultCountry', 'min', 'max'] as const;
const SETTINGS_BY_TYPE: Record<FieldType, ReadonlyArray<(typeof TYPED_SETTINGS)[number]>> = {
  email: [],
  phone: ['defaultCountry'],
  date: [],
  number: ['min', 'max'],
  enum: ['options'],
  pattern: ['pattern'],
  text: [],
};

/**
 * Cross-setting rules of one field. A setting that the type ignores is refused, because `{type: 'text', pattern}`
 * almost always means the author expected the pattern to be enforced.
 */
export function fieldSettingsProblem(field: Partial<FieldDto>): string | null {
  const type = field.type;
  if (!type || !FIELD_TYPES.includes(type)) return null; // @IsIn reports it
  const stray = TYPED_SETTINGS.filter((s) => field[s] != null && !SETTINGS_BY_TYPE[type].includes(s));
  if (stray.length) return `${stray.join(', ')} cannot be used on ${type} fields`;
  if (type === 'enum' && field.options == null) return 'an enum field needs options';
  if (type === 'pattern' && field.pattern == null) return 'a pattern field needs a pattern';
  if (typeof field.min === 'number' && typeof field.max === 'number' && field.min > field.max) {
    return 'min must not be greater than max';
  }
  return null;
}

@ValidatorConstraint({ name: 'fieldSettings' })
class FieldSettingsFitType implements ValidatorConstraintInterface {
  validate(_type: unknown, args: ValidationArguments): boolean {
    return fieldSettingsProblem(args.object as FieldDto) === null;
  }
  defaultMessage(args: ValidationArguments): string {
    return fieldSettingsProblem(args.object as FieldDto) ?? 'field settings do not fit the type';
  }
}

/** Tenant patterns run on model input, so one that can backtrack catastrophically is refused when it is saved. */
@ValidatorConstraint({ name: 'safePattern' })
class SafePattern implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && patternProblem(value) === null;
  }
  defaultMessage(args: ValidationArguments): string {
    return typeof args.value === 'string' ? (patternProblem(args.value) ?? 'pattern is invalid') : 'pattern must be a string';
  }
}

@ValidatorConstraint({ name: 'phoneCountry' })
class PhoneCountry implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && /^[A-Z]{2}$/.test(value) && isSupportedCountry(value);
  }
  defaultMessage(): string {
    return 'defaultCountry must be an ISO 3166 alpha-2 country code with a phone numbering plan, e.g. DE';
  }
}

const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const optionIdentity = (option: unknown) => (typeof option === 'string' ? option.trim().toLowerCase() : option);

export class FieldDto {
  @IsString()
  @Matches(FIELD_KEY, { message: 'key must be snake_case: a lowercase letter, then up to 39 of a-z, 0-9, _' })
  key: string;

  @IsIn(FIELD_TYPES)
  @Validate(FieldSettingsFitType)
  type: FieldType;

  @IsOptional() @IsBoolean() required?: boolean;

  @IsOptional() @IsString() @Length(1, 500) description?: string;

  // Matching is case-insensitive, so options differing only in case would be ambiguous.
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  @ArrayUnique(optionIdentity, { message: 'options must be unique, ignoring case' })
  options?: string[];

  @IsOptional() @Validate(SafePattern) pattern?: string;

  @IsOptional() @Transform(upperCase) @Validate(PhoneCountry) defaultCountry?: string;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) min?: number;

  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) max?: number;
}

export class CollectDataConfig {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ArrayUnique((field: FieldDto | null | undefined) => field?.key, { message: 'fields must have unique keys' })
  @ValidateNested({ each: true })
  @Type(() => FieldDto)
  fields: FieldDto[];
}
