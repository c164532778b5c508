import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * Why `value` is not an origin as browsers send it in the Origin header (scheme://host[:port], lower case, no path,
 * no default port), or null. Origins are compared exactly, so a near miss is refused now instead of never matching.
 */
export function originProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string such as https://shop.example';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not an origin such as https://shop.example`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${value}" must start with https:// or http://`;
  if (url.origin !== value) return `"${value}" must be written exactly as browsers send it: ${url.origin} (no path, no trailing slash, lower case)`;
  return null;
}

export function IsWebOrigin(options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isWebOrigin',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => originProblem(value) === null,
        defaultMessage: (args) => `${args?.property} entry ${originProblem(args?.value)}`,
      },
    });
}

/** The request's Origin when the connection allows it (exact match), else null. */
export function allowedOrigin(origin: string | undefined, allowed: readonly string[]): string | null {
  if (!origin || origin === 'null') return null;
  return allowed.includes(origin) ? origin : null;
}
