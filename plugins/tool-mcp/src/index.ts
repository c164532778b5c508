export * from './tool-mcp.module';
export * from './mcp-tool.options';
