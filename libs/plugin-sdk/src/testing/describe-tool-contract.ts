import Ajv from 'ajv';
import { TOOL_METADATA, type ToolOptions } from '../tool/tool.decorator';
import type { ToolPlugin } from '../tool/tool.contract';
import { TOOL_RISKS } from '../tool/tool.types';
import { validateConfig } from '../registry/validate-config';
import { createToolContext } from './tool-context.fake';

export interface ToolContractSetup {
  plugin: ToolPlugin;
  /** A per-assistant config the tool accepts. */
  config: Record<string, unknown>;
  /** Arguments a model could send that the tool handles successfully. */
  sampleArgs: Record<string, unknown>;
  /** Stops whatever the setup started (a loopback fake of the tool's provider); runs after the checks. */
  teardown?: () => Promise<void> | void;
}

/**
 * The checks every tool plugin must pass; call it from the plugin's own spec (jest only). The setup runs in
 * beforeAll, not while jest collects tests, so it may be async: start a loopback fake on port 0 and point the
 * config at its URL, then stop it in `teardown`.
 */
export function describeToolContract(name: string, setup: () => Promise<ToolContractSetup> | ToolContractSetup): void {
  describe(`${name} honours the Tool contract`, () => {
    let s: ToolContractSetup;
    let options: ToolOptions | undefined;
    const ajv = new Ajv({ strict: false });

    beforeAll(async () => {
      s = await setup();
      options = Reflect.getMetadata(TOOL_METADATA, s.plugin.constructor);
    });
    afterAll(async () => {
      await s?.teardown?.();
    });

    it('is decorated with @Tool: snake_case name, a known risk and a timeout', () => {
      expect(options).toBeDefined();
      expect(options!.name).toMatch(/^[a-z][a-z0-9_]{1,63}$/);
      expect(TOOL_RISKS).toContain(options!.risk);
      expect(options!.timeoutMs).toBeGreaterThan(0);
    });

    it('describes itself to the model with a compilable JSON Schema, also per config', () => {
      expect(s.plugin.description.length).toBeGreaterThan(10);
      expect(() => ajv.compile(s.plugin.parameters)).not.toThrow();
      const described = s.plugin.describe?.(s.config) ?? { description: s.plugin.description, parameters: s.plugin.parameters };
      expect(described.parameters.type).toBe('object');
      expect(ajv.validate(described.parameters, s.sampleArgs)).toBe(true);
    });

    it('accepts its sample config', () => {
      const schema = options?.configSchema;
      if (schema) expect(() => validateConfig(schema, s.config)).not.toThrow();
    });

    it('executes the sample arguments and returns model-readable content', async () => {
      const result = await s.plugin.execute(s.sampleArgs, createToolContext(s.config));
      expect(result.content).toBeDefined();
      expect(() => JSON.stringify(result.content)).not.toThrow();
      expect(result.isError ?? false).toBe(false);
    });
  });
}
