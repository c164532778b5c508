import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Conflict, isCredentialHeaderName, NotFound, PluginRegistry, PluginStore, ValidationFailed, type RegisteredTool, type ToolResult } from '@confab/plugin-sdk';
import { definitionProblems, toJsonSchema, withoutCredentialValues, type HttpToolDefinition } from './http-tool.definition';
import { argumentProblem } from './http-tool.args';
import { runHttpTool } from './http-tool.runner';
import { storedDefinitionProblem } from './http-tool.stored';
import type { CreateHttpToolDto, UpdateHttpToolDto } from './http-tool.dto';
import { HTTP_TOOLS_OPTIONS, type HttpToolsOptions } from './http-tools.options';
import { outboundUrlProblem } from '@confab/net';

/** One document per tool: its definition, with no secrets (so listing the tools opens nothing). */
const NAMESPACE = 'http-tools';
/** One document per tool with secret headers, under the tool's name: its sealed header values, opened per call. */
const SECRETS_NAMESPACE = 'http-tool-secrets';

/** Secret headers that cannot be opened or are missing: the tool sends nothing and says why. */
class SecretsUnavailable extends Error {}

/**
 * When `err` means the sealed headers could not be opened: why, in words safe to log and show (the secret box's own
 * messages name a key id at most; a parse error, which could quote the opened text, is reduced to its kind).
 * Null for any other failure (e.g. the database is down), which is not the secrets' fault.
 */
function secretsFailure(err: unknown): string | null {
  if (err instanceof SecretsUnavailable) return err.message;
  if (err instanceof SyntaxError) return 'the opened value is not a set of headers';
  const message = err instanceof Error ? err.message : String(err);
  return /^(Secret sealed with unknown key [0-9a-f]+|Not a sealed secret|Unsupported state or unable to authenticate data)/.exec(message)?.[1] ?? null;
}

/**
 * Tenant-defined HTTP tools: stored in the plugin store, offered to the registry as tools of that tenant. Each tool
 * stands alone: a definition that cannot be built is left out (with a warning), and secret headers are opened only
 * when the tool runs, so a value no key opens fails that tool's calls and nothing else.
 */
@Injectable()
export class HttpToolsService implements OnModuleInit {
  private readonly logger = new Logger('HttpTools');

  constructor(
    private readonly store: PluginStore,
    private readonly registry: PluginRegistry,
    @Inject(HTTP_TOOLS_OPTIONS) private readonly options: HttpToolsOptions,
  ) {}

  onModuleInit(): void {
    this.registry.addDynamicToolSource((tenantId) => this.tenantTools(tenantId), 'http-tools');
  }

  /** The tenant's HTTP tools that can be built; each one that cannot is logged (id and reason) and left out. */
  async tenantTools(tenantId: string): Promise<RegisteredTool[]> {
    const tools: RegisteredTool[] = [];
    for (const doc of await this.store.list<unknown>(tenantId, NAMESPACE)) {
      let problem = storedDefinitionProblem(doc.id, doc.data);
      if (!problem) {
        try {
          tools.push(this.asTool(tenantId, doc.data as HttpToolDefinition));
          continue;
        } catch (err) {
          problem = `it cannot be built (${(err as Error).message})`;
        }
      }
      this.logger.warn({ msg: 'HTTP tool left out: its stored definition is invalid', tenantId, toolId: doc.id, reason: problem });
    }
    return tools;
  }

  async create(tenantId: string, dto: CreateHttpToolDto): Promise<HttpToolDefinition> {
    const taken = () => new Conflict('TOOL_NAME_TAKEN', `A tool named '${dto.name}' already exists; choose another name`, { field: 'name' });
    const builtIn = (await this.registry.tools(tenantId)).find((t) => t.options.name === dto.name);
    if (builtIn) throw taken();
    const { def, secrets } = this.build(dto.name, dto, dto.headers ?? []);
    await this.store.transaction(tenantId, async (tx) => {
      // insert, not put: a tool of that name the listing could not show (or a concurrent create) is never overwritten.
      if (!(await tx.insert(NAMESPACE, dto.name, def))) throw taken();
      if (def.secretHeaderNames.length) await tx.put(SECRETS_NAMESPACE, dto.name, { tool: dto.name }, secrets);
    });
    return def;
  }

  /**
   * Replaces a tool's definition (its name stays: assistants enable it by name). A secret header given without a
   * value keeps the value stored under that header name; a secret header with no stored value must be given one.
   */
  async update(tenantId: string, name: string, dto: UpdateHttpToolDto): Promise<HttpToolDefinition> {
    return this.store.transaction(tenantId, async (tx) => {
      const doc = await tx.get<HttpToolDefinition>(NAMESPACE, name);
      if (!doc) throw new NotFound('HTTP tool', name);
      const stored = (await tx.get(SECRETS_NAMESPACE, name))?.secrets ?? doc.secrets ?? {};
      const storedFor = (header: string) => Object.entries(stored).find(([k]) => k.toLowerCase() === header.toLowerCase())?.[1];
      const headers = (dto.headers ?? []).map((h, i) => {
        const secret = h.secret === true || isCredentialHeaderName(h.name) || (h.value === undefined && storedFor(h.name) !== undefined);
        const value = h.value ?? (secret ? storedFor(h.name) : undefined);
        if (value === undefined) {
          const why = secret ? `no value is stored for the secret header ${h.name}; enter it` : `enter a value for the header ${h.name}`;
          throw new ValidationFailed(`headers.${i}.value: ${why}`, `headers.${i}.value`);
        }
        return { name: h.name, value, secret };
      });
      const { def, secrets } = this.build(name, dto, headers);
      await tx.put(NAMESPACE, name, def);
      if (def.secretHeaderNames.length) await tx.put(SECRETS_NAMESPACE, name, { tool: name }, secrets);
      else await tx.remove(SECRETS_NAMESPACE, name);
      return def;
    });
  }

  /**
   * The stored definition and its sealed header values, checked. Every input form (a list with `secret` flags, a
   * plain {"Header": "value"} object) ends here: a header whose name carries a credential is sealed whether or not
   * it was marked secret.
   */
  private build(
    name: string,
    dto: Omit<CreateHttpToolDto, 'name' | 'headers'>,
    given: Array<{ name: string; value: string; secret?: boolean }>,
  ): { def: HttpToolDefinition; secrets: Record<string, string> } {
    const headers = given.map((h) => ({ name: h.name, value: h.value, secret: h.secret === true || isCredentialHeaderName(h.name) }));
    const { headers: _given, name: _name, ...rest } = dto as CreateHttpToolDto;
    const def: HttpToolDefinition = {
      ...rest,
      name,
      headers: headers.filter((h) => !h.secret).map(({ name: n, value }) => ({ name: n, value })),
      secretHeaderNames: headers.filter((h) => h.secret).map((h) => h.name),
    };
    const address = outboundUrlProblem(def.url, { placeholders: true, allowedHosts: this.options.allowedHosts, allowSetting: 'HTTP_TOOLS_ALLOWED_HOSTS' });
    const problems = [...(address ? [{ field: 'url', message: `url ${address}` }] : []), ...definitionProblems(def)];
    if (problems.length) throw new ValidationFailed(`${problems[0].field}: ${problems[0].message}`, problems[0].field, { problems });
    return { def, secrets: Object.fromEntries(headers.filter((h) => h.secret).map((h) => [h.name, h.value])) };
  }

  /** Definitions as the API shows them: a credential header stored in plain text by an older version is masked. */
  async list(tenantId: string): Promise<HttpToolDefinition[]> {
    return (await this.store.list<HttpToolDefinition>(tenantId, NAMESPACE)).map((d) => withoutCredentialValues(d.data));
  }

  async remove(tenantId: string, name: string): Promise<void> {
    const removed = await this.store.transaction(tenantId, async (tx) => {
      await tx.remove(SECRETS_NAMESPACE, name);
      return tx.remove(NAMESPACE, name);
    });
    if (!removed) throw new NotFound('HTTP tool', name);
  }

  async test(tenantId: string, name: string, args: Record<string, unknown>) {
    const unavailable = (reason: string) =>
      new Conflict(
        'HTTP_TOOL_SECRETS_UNAVAILABLE',
        `The secret headers of HTTP tool '${name}' cannot be opened (${reason}); nothing was sent. List the key that sealed them in SECRETS_KEY_PREVIOUS, or delete the tool and create it again`,
        { toolId: name },
      );
    const doc = await this.store.get<HttpToolDefinition>(tenantId, NAMESPACE, name).catch((err) => {
      // Only a tool stored before secrets had their own documents opens secrets here.
      const reason = secretsFailure(err);
      throw reason ? unavailable(reason) : err;
    });
    if (!doc) throw new NotFound('HTTP tool', name);
    const problem = storedDefinitionProblem(doc.id, doc.data);
    if (problem) throw new Conflict('HTTP_TOOL_INVALID', `HTTP tool '${name}' cannot be used: ${problem}; delete it and create it again`, { toolId: name });
    // The model's arguments are checked by the tool loop against the same schema; a test call gets the same check.
    const wrong = argumentProblem(doc.data, args);
    if (wrong) throw new ValidationFailed(`${wrong.field}: ${wrong.message}`, wrong.field);
    const secrets = await this.openSecrets(tenantId, doc.data, doc.secrets).catch((err) => {
      const reason = secretsFailure(err);
      throw reason ? unavailable(reason) : err;
    });
    const { request, response, error } = await runHttpTool(doc.data, args, secrets, this.options.allowedHosts);
    return { request, response: response ?? null, error: error ?? null };
  }

  /**
   * The tool's secret header values, opened now. Tools created before secrets had their own documents keep them
   * on the definition (`legacy`, already opened when the definition was read, or read again here).
   */
  private async openSecrets(tenantId: string, def: HttpToolDefinition, legacy?: Record<string, string>): Promise<Record<string, string>> {
    if (!def.secretHeaderNames.length) return {};
    const own = await this.store.get(tenantId, SECRETS_NAMESPACE, def.name);
    const secrets = own?.secrets ?? legacy ?? (await this.store.get(tenantId, NAMESPACE, def.name))?.secrets ?? {};
    const missing = def.secretHeaderNames.filter((h) => typeof secrets[h] !== 'string');
    // Never send the request without its credentials: the receiver would see a call it cannot authenticate.
    if (missing.length) throw new SecretsUnavailable(`no stored value for the secret header(s) ${missing.join(', ')}`);
    return secrets;
  }

  private asTool(tenantId: string, def: HttpToolDefinition): RegisteredTool {
    const parameters = toJsonSchema(def);
    return {
      options: { name: def.name, risk: def.method === 'GET' ? 'read' : 'write', timeoutMs: (def.timeoutMs ?? 10_000) + 1_000 },
      plugin: {
        description: def.description,
        parameters,
        execute: async (args: Record<string, unknown>, ctx): Promise<ToolResult> => {
          let secrets: Record<string, string>;
          try {
            secrets = await this.openSecrets(tenantId, def);
          } catch (err) {
            const reason = secretsFailure(err);
            if (!reason) throw err; // not the secrets' fault (e.g. the database is down): the tool loop reports the failure
            this.logger.warn({ msg: 'HTTP tool called, but its secret headers cannot be opened; nothing was sent', tenantId, toolId: def.name, reason });
            return {
              content: `SECRETS_UNAVAILABLE: the tool '${def.name}' cannot be used right now (its stored credentials cannot be opened), so nothing was sent. Do not call it again in this conversation.`,
              isError: true,
            };
          }
          return (await runHttpTool(def, args, secrets, this.options.allowedHosts, ctx.signal)).result;
        },
      },
    };
  }
}
