import { namespacedToolName, toDiscovered } from './mcp-server.definition';

const schema = { type: 'object' as const, properties: { q: { type: 'string' } }, required: ['q'] };

describe('MCP tool naming and discovery', () => {
  it('namespaces tool names as snake_case <server>__<tool>', () => {
    expect(namespacedToolName('support', 'Create-Ticket')).toBe('support__create_ticket');
    expect(namespacedToolName('kb', 'docs.search v2')).toBe('kb__docs_search_v2');
  });

  it('keeps descriptions and schemas, drops $schema, marks read-only tools, and skips names that collide or are too long', () => {
    const { tools, skipped } = toDiscovered('kb', [
      { name: 'search', description: 'Search the docs', inputSchema: { ...schema, $schema: 'http://json-schema.org/draft-07/schema#' }, annotations: { readOnlyHint: true } },
      { name: 'Search', inputSchema: schema },
      { name: 'x'.repeat(70), inputSchema: { type: 'object' } },
      { name: 'write-note', title: 'Write a note', inputSchema: { type: 'object' } },
    ]);
    expect(tools).toEqual([
      { name: 'kb__search', mcpName: 'search', description: 'Search the docs', inputSchema: schema, readOnly: true },
      { name: 'kb__write_note', mcpName: 'write-note', description: 'Write a note', inputSchema: { type: 'object', properties: {} }, readOnly: false },
    ]);
    expect(skipped.map((s) => s.mcpName)).toEqual(['Search', 'x'.repeat(70)]);
    expect(skipped[0].reason).toContain("also named 'kb__search'");
  });
});
