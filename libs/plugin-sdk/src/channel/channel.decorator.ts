import 'reflect-metadata';
import type { ChannelType } from './channel.types';

export const CHANNEL_METADATA = 'confab:channel';
export const SECRET_FIELDS_METADATA = 'confab:secret-fields';

export interface ChannelOptions {
  type: ChannelType;
  /** class-validator DTO for a connection's config; fields marked @Secret() are encrypted at rest and never returned. */
  configSchema: new () => object;
  /** Human name shown in the API and dashboard. */
  displayName?: string;
  /** Path (under the server's PUBLIC_URL) where the provider posts for one connection, if the channel has one. */
  webhookPath?: (connectionId: string) => string;
}

/** Marks a provider as the implementation of one channel type; the registry refuses duplicates. */
export function Channel(options: ChannelOptions): ClassDecorator {
  return (target) => Reflect.defineMetadata(CHANNEL_METADATA, options, target);
}

/** Marks a config field as secret: encrypted at rest, never returned by the API, never logged. */
export function Secret(): PropertyDecorator {
  return (target, key) => {
    const fields: string[] = Reflect.getMetadata(SECRET_FIELDS_METADATA, target.constructor) ?? [];
    Reflect.defineMetadata(SECRET_FIELDS_METADATA, [...fields, String(key)], target.constructor);
  };
}

export function secretFieldsOf(schema: new () => object): string[] {
  return Reflect.getMetadata(SECRET_FIELDS_METADATA, schema) ?? [];
}
