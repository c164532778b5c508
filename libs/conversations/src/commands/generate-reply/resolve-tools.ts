import type { Assistant, ResolvedTool } from '@confab/assistants';
import type { PluginRegistry } from '@confab/plugin-sdk';

/** The tools this assistant enabled, described for its config; tools whose plugin is gone are left out. */
export async function resolveTools(registry: PluginRegistry, tenantId: string, assistant: Assistant): Promise<ResolvedTool[]> {
  // Listing a tenant's tools reads its own tool definitions: not worth a statement for an assistant without tools.
  if (!assistant.tools.length) return [];
  const available = new Map((await registry.tools(tenantId)).map((t) => [t.options.name, t]));
  const resolved: ResolvedTool[] = [];
  for (const enabled of assistant.tools) {
    const tool = available.get(enabled.name);
    if (!tool) continue;
    const described = registry.describeTool(tool, enabled.config);
    resolved.push({
      spec: { name: enabled.name, description: described.description, parameters: described.parameters },
      risk: tool.options.risk,
      timeoutMs: tool.options.timeoutMs,
      config: enabled.config,
      plugin: tool.plugin,
    });
  }
  return resolved;
}
