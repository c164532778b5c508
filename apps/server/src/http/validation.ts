import { type ArgumentMetadata, BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';

function collect(errors: ValidationError[], prefix = ''): Array<{ field: string; problems: string[] }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    return [...(e.constraints ? [{ field, problems: Object.values(e.constraints) }] : []), ...collect(e.children ?? [], field)];
  });
}

function refuse(fields: Array<{ field: string; problems: string[] }>): BadRequestException {
  return new BadRequestException({ message: fields.map((f) => `${f.field}: ${f.problems.join(', ')}`), fields });
}

/**
 * The first field of a DTO (or of a DTO nested in it) that holds null without being documented as nullable.
 * @IsOptional() lets null through as if the field were absent, and a null then reaches a NOT NULL column; the
 * document's `nullable` is the one place that says where null means something (e.g. temperature: back to default).
 */
function undocumentedNull(value: unknown, prefix = '', depth = 0): string | null {
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = undocumentedNull(item, `${prefix}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return null; // free-form JSON (variables, config)
  for (const [key, item] of Object.entries(value)) {
    const field = prefix ? `${prefix}.${key}` : key;
    if (item === null) {
      const documented = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, prototype, key) as { nullable?: boolean } | undefined;
      if (!documented?.nullable) return field;
      continue;
    }
    const found = undocumentedNull(item, field, depth + 1);
    if (found) return found;
  }
  return null;
}

/** 400 with every field at fault and what is wrong with it; unknown fields are refused, not silently dropped. */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const result = await super.transform(value, metadata);
    const field = metadata.type === 'body' ? undocumentedNull(result) : null;
    if (field) throw refuse([{ field, problems: [`${field} must not be null (leave it out to keep the current value)`] }]);
    return result;
  }
}

export function validationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => refuse(collect(errors)),
  });
}
