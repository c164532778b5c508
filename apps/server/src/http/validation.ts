import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

function collect(errors: ValidationError[], prefix = ''): Array<{ field: string; problems: string[] }> {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    return [...(e.constraints ? [{ field, problems: Object.values(e.constraints) }] : []), ...collect(e.children ?? [], field)];
  });
}

/** 400 with every field at fault and what is wrong with it; unknown fields are refused, not silently dropped. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fields = collect(errors);
      return new BadRequestException({ message: fields.map((f) => `${f.field}: ${f.problems.join(', ')}`), fields });
    },
  });
}
