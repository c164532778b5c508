import type { DefinitionProblem, HttpToolDefinition } from './http-tool.definition';

type Parameter = HttpToolDefinition['parameters'][number];

function valueProblem(param: Parameter, value: unknown): string | null {
  switch (param.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    default:
      if (typeof value !== 'string') return 'must be a string';
      return param.enum && !param.enum.includes(value) ? `must be one of: ${param.enum.join(', ')}` : null;
  }
}

/**
 * The first way `args` breaks the tool's parameters (unknown name, missing required value, wrong type, value outside
 * the enum), as the JSON Schema the model sees would judge it; null when the call may be sent.
 */
export function argumentProblem(def: HttpToolDefinition, args: Record<string, unknown>): DefinitionProblem | null {
  const unknown = Object.keys(args).find((name) => !def.parameters.some((p) => p.name === name));
  if (unknown !== undefined) return { field: `args.${unknown}`, message: `'${def.name}' has no such parameter` };
  for (const param of def.parameters) {
    const value = args[param.name];
    // As in JSON Schema, null is a value of the wrong type, not an absent one.
    if (value === undefined) {
      if (param.required) return { field: `args.${param.name}`, message: 'required' };
      continue;
    }
    const problem = valueProblem(param, value);
    if (problem) return { field: `args.${param.name}`, message: problem };
  }
  return null;
}
