import 'reflect-metadata';
import type { ToolRisk } from './tool.types';

export const TOOL_METADATA = 'confab:tool';

export interface ToolOptions {
  /** Wire name the model calls, snake_case, unique across the platform. */
  name: string;
  risk: ToolRisk;
  /** The call is aborted and reported as a timeout after this long. */
  timeoutMs: number;
  /** class-validator DTO for the per-assistant config; validated when an assistant enables the tool. */
  configSchema?: new () => object;
}

export function Tool(options: ToolOptions): ClassDecorator {
  return (target) => Reflect.defineMetadata(TOOL_METADATA, options, target);
}
