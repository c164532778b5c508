import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { definitionProblems, type HttpToolDefinition } from './http-tool.definition';
import { CreateHttpToolDto } from './http-tool.dto';

function firstConstraint(errors: ValidationError[], path = ''): string | null {
  for (const error of errors) {
    const field = path ? `${path}.${error.property}` : error.property;
    const message = error.constraints && Object.values(error.constraints)[0];
    if (message) return `${field}: ${message}`;
    const nested = firstConstraint(error.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

/**
 * Why a definition read back from the store cannot become a tool, or null when it can. It must pass the rules a
 * new definition passes (a row written by an older version or edited by hand may not), carry the name it is
 * stored under, and list its secret headers by name. Values of headers never appear in the answer.
 */
export function storedDefinitionProblem(id: string, data: unknown): string | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return 'the stored definition is not an object';
  const def = data as Record<string, unknown>;
  if (def.name !== id) return `its name ${JSON.stringify(def.name ?? null)} is not the id it is stored under`;
  if (!Array.isArray(def.headers) || def.headers.some((h) => !h || typeof h !== 'object' || typeof h.name !== 'string' || typeof h.value !== 'string')) {
    return 'headers must be a list of {name, value}';
  }
  if (!Array.isArray(def.secretHeaderNames) || def.secretHeaderNames.some((n) => typeof n !== 'string')) return 'secretHeaderNames must be a list of header names';
  let invalid: string | null;
  try {
    invalid = firstConstraint(validateSync(plainToInstance(CreateHttpToolDto, def), { forbidUnknownValues: false }));
  } catch (err) {
    invalid = `it cannot be read (${(err as Error).name})`;
  }
  if (invalid) return invalid;
  const problems = definitionProblems(def as unknown as HttpToolDefinition);
  return problems.length ? `${problems[0].field}: ${problems[0].message}` : null;
}
