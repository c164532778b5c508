import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ValidationFailed } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that must be a UUID; unlike Nest's ParseUUIDPipe, the 400 names the parameter (`kbId must be a UUID`). */
@Injectable()
export class ParseUuidParam implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && UUID.test(value)) return value;
    const name = metadata.data ?? 'id';
    throw new ValidationFailed(`${name} must be a UUID (for example 00000000-0000-4000-8000-000000000000)`, name);
  }
}
