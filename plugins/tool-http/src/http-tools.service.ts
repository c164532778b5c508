import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Conflict, NotFound, PluginRegistry, PluginStore, ValidationFailed, type RegisteredTool } from '@confab/plugin-sdk';
import { definitionProblems, toJsonSchema, type HttpToolDefinition } from './http-tool.definition';
import { argumentProblem } from './http-tool.args';
import { runHttpTool } from './http-tool.runner';
import type { CreateHttpToolDto } from './http-tool.dto';
import { HTTP_TOOLS_OPTIONS, type HttpToolsOptions } from './http-tools.options';

const NAMESPACE = 'http-tools';

/** Tenant-defined HTTP tools: stored in the plugin store, offered to the registry as tools of that tenant. */
@Injectable()
export class HttpToolsService implements OnModuleInit {
  constructor(
    private readonly store: PluginStore,
    private readonly registry: PluginRegistry,
    @Inject(HTTP_TOOLS_OPTIONS) private readonly options: HttpToolsOptions,
  ) {}

  onModuleInit(): void {
    this.registry.addDynamicToolSource(async (tenantId) => (await this.store.list<HttpToolDefinition>(tenantId, NAMESPACE)).map((doc) => this.asTool(doc.data, doc.secrets)));
  }

  async create(tenantId: string, dto: CreateHttpToolDto): Promise<HttpToolDefinition> {
    const builtIn = (await this.registry.tools(tenantId)).find((t) => t.options.name === dto.name);
    if (builtIn) throw new Conflict('TOOL_NAME_TAKEN', `A tool named '${dto.name}' already exists; choose another name`, { field: 'name' });
    const headers = dto.headers ?? [];
    const def: HttpToolDefinition = {
      ...dto,
      headers: headers.filter((h) => !h.secret).map(({ name, value }) => ({ name, value })),
      secretHeaderNames: headers.filter((h) => h.secret).map((h) => h.name),
    };
    const problems = definitionProblems(def);
    if (problems.length) throw new ValidationFailed(`${problems[0].field}: ${problems[0].message}`, problems[0].field, { problems });
    await this.store.put(tenantId, NAMESPACE, dto.name, def, Object.fromEntries(headers.filter((h) => h.secret).map((h) => [h.name, h.value])));
    return def;
  }

  async list(tenantId: string): Promise<HttpToolDefinition[]> {
    return (await this.store.list<HttpToolDefinition>(tenantId, NAMESPACE)).map((d) => d.data);
  }

  async remove(tenantId: string, name: string): Promise<void> {
    if (!(await this.store.remove(tenantId, NAMESPACE, name))) throw new NotFound('HTTP tool', name);
  }

  async test(tenantId: string, name: string, args: Record<string, unknown>) {
    const doc = await this.store.get<HttpToolDefinition>(tenantId, NAMESPACE, name);
    if (!doc) throw new NotFound('HTTP tool', name);
    // The model's arguments are checked by the tool loop against the same schema; a test call gets the same check.
    const wrong = argumentProblem(doc.data, args);
    if (wrong) throw new ValidationFailed(`${wrong.field}: ${wrong.message}`, wrong.field);
    const { request, response, error } = await runHttpTool(doc.data, args, doc.secrets, this.options.allowedHosts);
    return { request, response: response ?? null, error: error ?? null };
  }

  private asTool(def: HttpToolDefinition, secrets: Record<string, string>): RegisteredTool {
    const parameters = toJsonSchema(def);
    return {
      options: { name: def.name, risk: def.method === 'GET' ? 'read' : 'write', timeoutMs: (def.timeoutMs ?? 10_000) + 1_000 },
      plugin: {
        description: def.description,
        parameters,
        execute: async (args: Record<string, unknown>, ctx) => (await runHttpTool(def, args, secrets, this.options.allowedHosts, ctx.signal)).result,
      },
    };
  }
}
