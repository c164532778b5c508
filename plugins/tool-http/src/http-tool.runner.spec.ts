import { runHttpTool } from './http-tool.runner';
import type { HttpToolDefinition } from './http-tool.definition';

describe('running an HTTP tool', () => {
  it('reports a stored URL that cannot be built (an IPv6 zone id, saved before URLs were checked) as a call error, not a crash', async () => {
    const def: HttpToolDefinition = {
      name: 'get_order', description: 'Get an order by number.', method: 'GET', url: 'http://[fe80::1%25eth0]/orders', headers: [], secretHeaderNames: [], parameters: [],
    };
    const run = await runHttpTool(def, {}, {}, []);
    expect(run.error).toMatchObject({ code: 'BAD_URL', message: expect.stringContaining("The tool's URL cannot be used") });
    expect(run.result).toMatchObject({ isError: true });
    expect(run.request).toMatchObject({ method: 'GET', url: def.url });
  });
});
