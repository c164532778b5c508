import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { ValidationFailed } from '../errors';

function flatten(errors: ValidationError[], prefix = ''): Array<{ field: string; problems: string[] }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Validates a plugin config against its class-validator DTO and returns the plain, whitelisted object.
 * Unknown keys are refused rather than silently kept, so a typo in a setting is seen at once.
 */
export function validateConfig<T extends object>(schema: new () => T, raw: unknown, fieldPrefix = 'config'): T {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ValidationFailed(`${fieldPrefix} must be an object`, fieldPrefix);
  }
  // A schema without any validated property takes no settings; whitelisting cannot see that on its own.
  const declared = getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false);
  const unknown = Object.keys(raw);
  if (!declared.length && unknown.length) {
    throw new ValidationFailed(`${fieldPrefix}.${unknown[0]}: this channel or tool takes no such setting`, `${fieldPrefix}.${unknown[0]}`);
  }
  if (!declared.length) return {} as T;
  const instance = plainToInstance(schema, raw);
  const errors = flatten(validateSync(instance, { whitelist: true, forbidNonWhitelisted: true }), fieldPrefix);
  if (errors.length) {
    const first = errors[0];
    throw new ValidationFailed(`${first.field}: ${first.problems.join('; ')}`, first.field, { errors });
  }
  return JSON.parse(JSON.stringify(instance)) as T;
}
