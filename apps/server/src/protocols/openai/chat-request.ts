import { badRequest, OpenAiError } from './openai-errors';

/** A Chat Completions request, read the way OpenAI reads it; only what the platform acts on is kept. */
export interface ChatRequest {
  model: string;
  /** The newest user message: what the customer writes in this turn. */
  text: string;
  user?: string;
  stream: boolean;
  includeUsage: boolean;
  clientTools: ClientTool[];
  /** The results of client tool calls the client ran since the assistant asked for them. */
  toolResults: { toolCallId: string; content: string }[];
}

export interface ClientTool {
  name: string;
  description?: string;
  parameters: Record<string, unknown>;
}

const ROLES = ['system', 'developer', 'user', 'assistant', 'tool', 'function'];
const MAX_TEXT = 32_000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text of a message's content: a string, or the text parts of an array of parts (images are not read). */
function contentText(content: unknown, param: string): string | null {
  if (content === null || content === undefined) return null;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) throw badRequest(`${param} must be a string or an array of content parts`, param, 'invalid_type');
  return content
    .map((part, i) => {
      if (!isObject(part) || typeof part.type !== 'string') throw badRequest(`${param}[${i}] must be a content part with a type`, `${param}[${i}]`, 'invalid_type');
      if (part.type === 'text') {
        if (typeof part.text !== 'string') throw badRequest(`${param}[${i}].text must be a string`, `${param}[${i}].text`, 'invalid_type');
        return part.text;
      }
      throw badRequest(`Content parts of type '${part.type}' are not supported; send text`, `${param}[${i}].type`, 'unsupported_value');
    })
    .join('\n');
}

function parseTools(tools: unknown): ClientTool[] {
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools)) throw badRequest('tools must be an array', 'tools', 'invalid_type');
  if (tools.length > 128) throw badRequest('tools may list at most 128 functions', 'tools', 'array_above_max_length');
  return tools.map((tool, i) => {
    const p = `tools[${i}]`;
    if (!isObject(tool) || tool.type !== 'function' || !isObject(tool.function)) throw badRequest(`${p} must be {"type":"function","function":{...}}`, `${p}.type`);
    const fn = tool.function;
    if (typeof fn.name !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(fn.name)) throw badRequest(`${p}.function.name must be 1-64 letters, digits, _ or -`, `${p}.function.name`);
    if (fn.description !== undefined && typeof fn.description !== 'string') throw badRequest(`${p}.function.description must be a string`, `${p}.function.description`, 'invalid_type');
    if (fn.parameters !== undefined && !isObject(fn.parameters)) throw badRequest(`${p}.function.parameters must be a JSON Schema object`, `${p}.function.parameters`, 'invalid_type');
    return { name: fn.name, description: fn.description as string | undefined, parameters: (fn.parameters as Record<string, unknown>) ?? { type: 'object', properties: {} } };
  });
}

/**
 * Checks the body and picks the turn out of it. The platform keeps the conversation itself, so of the history a
 * stateless client resends only what is new is read: the last user message, or the tool results after the last
 * assistant message. The client's system and developer messages are ignored: the assistant's own prompt governs.
 */
export function parseChatRequest(body: unknown): ChatRequest {
  if (!isObject(body)) throw badRequest('The body must be a JSON object', 'body', 'invalid_type');
  if (typeof body.model !== 'string' || !body.model.trim()) throw badRequest('model is required: the id of one of your assistants (GET /v1/models)', 'model', 'missing_required_parameter');
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw badRequest('messages must be a non-empty array', 'messages', 'missing_required_parameter');
  if (body.n !== undefined && body.n !== 1) throw badRequest('Only n = 1 is supported', 'n', 'unsupported_value');
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean') throw badRequest('stream must be a boolean', 'stream', 'invalid_type');
  if (body.stream_options !== undefined && body.stream_options !== null && !isObject(body.stream_options)) throw badRequest('stream_options must be an object', 'stream_options', 'invalid_type');
  if (body.user !== undefined && body.user !== null && (typeof body.user !== 'string' || body.user.length > 200)) throw badRequest('user must be a string of at most 200 characters', 'user', 'invalid_type');
  const toolChoice = body.tool_choice;
  if (toolChoice !== undefined && toolChoice !== 'auto' && toolChoice !== null) throw badRequest("Only tool_choice 'auto' is supported: the assistant decides", 'tool_choice', 'unsupported_value');

  const messages = body.messages.map((m, i) => {
    const p = `messages[${i}]`;
    if (!isObject(m)) throw badRequest(`${p} must be an object`, p, 'invalid_type');
    if (typeof m.role !== 'string' || !ROLES.includes(m.role)) throw badRequest(`${p}.role must be one of ${ROLES.join(', ')}`, `${p}.role`);
    const text = contentText(m.content, `${p}.content`);
    if (m.role === 'tool' && typeof m.tool_call_id !== 'string') throw badRequest(`${p}.tool_call_id is required for a tool message`, `${p}.tool_call_id`, 'missing_required_parameter');
    return { role: m.role, text, toolCallId: typeof m.tool_call_id === 'string' ? m.tool_call_id : undefined };
  });
  const lastAssistant = messages.map((m) => m.role).lastIndexOf('assistant');
  const toolResults = messages.slice(lastAssistant + 1).filter((m) => m.role === 'tool').map((m) => ({ toolCallId: m.toolCallId as string, content: m.text ?? '' }));
  const lastUser = messages.map((m) => m.role).lastIndexOf('user');
  const userText = lastUser > lastAssistant ? (messages[lastUser].text ?? '').trim() : '';
  if (!userText && toolResults.length === 0) {
    throw badRequest('messages must end with a user message (or tool results after the assistant asked for them)', `messages[${messages.length - 1}]`, 'invalid_value');
  }
  if (userText.length > MAX_TEXT) throw badRequest(`The user message may be at most ${MAX_TEXT} characters`, `messages[${lastUser}].content`, 'string_above_max_length');
  return {
    model: body.model.trim(),
    text: userText,
    user: typeof body.user === 'string' && body.user ? body.user : undefined,
    stream: body.stream === true,
    includeUsage: isObject(body.stream_options) && body.stream_options.include_usage === true,
    clientTools: parseTools(body.tools),
    toolResults,
  };
}

export { OpenAiError };
