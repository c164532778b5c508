import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Db } from '@confab/persistence';
import { PluginRegistry, Public } from '@confab/plugin-sdk';

export const WIDGET_DEMO_PUBLIC_URL = Symbol('WIDGET_DEMO_PUBLIC_URL');

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The first-run demo page: a small bakery site with the demo assistant's web widget, so a newcomer sees the widget
 * in a browser at once. It finds the widget the seed marked (state.demo) through the plugin registry, never the
 * plugin itself; without the widget plugin or the demo tenant it says why.
 */
@ApiTags('Web widget')
@Public()
@Controller()
export class WidgetDemoController {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    @Inject(WIDGET_DEMO_PUBLIC_URL) private readonly publicUrl: string,
  ) {}

  @Get('widget-demo')
  @ApiOperation({ summary: "The first-run demo page: a small site with the demo assistant's web widget" })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page', schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'No demo widget (not seeded, or the widget plugin is not enabled)' })
  @Header('Cache-Control', 'no-store')
  async page(@Res() res: Response): Promise<void> {
    const snippet = await this.snippet();
    res.type('text/html; charset=utf-8');
    if (!snippet) {
      res.status(404).send(page('<p>No demo widget here: it is made on the first start of an empty database, with the web widget plugin enabled (CONFAB_PLUGINS).</p>', ''));
      return;
    }
    res.send(page(
      `<p>We bake bread, rolls and cakes every morning from 7:00, Monday to Saturday. Cakes can be pre-ordered two days ahead,
       and we deliver within the city for orders over 30 euros.</p>
       <p class="note">The chat button in the corner is the Confab web widget, answering as the demo assistant. This page
       embeds it with one script tag:</p>
       <pre><code>${escape(snippet)}</code></pre>`,
      snippet,
    ));
  }

  private async snippet(): Promise<string | null> {
    if (!this.registry.hasChannel('web_widget')) return null;
    const [row] = await this.db.platform().getConnection().execute<Array<{ id: string; config: Record<string, unknown> }>>(
      `select id, config from channel_connections where type = 'web_widget' and status = 'active' and state @> '{"demo": true}'::jsonb order by created_at limit 1`,
    );
    if (!row) return null;
    return this.registry.channel('web_widget').plugin.describeConnection?.({ id: row.id, config: row.config }, { publicUrl: this.publicUrl.replace(/\/+$/, '') })?.embedSnippet ?? null;
  }
}

function page(body: string, snippet: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Confab Demo Bakery</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1c1c1c; background: #fffaf3; }
  h1 { color: #6b3e00; }
  .note { color: #3d3d3d; }
  pre { background: #f1ece4; padding: 0.75rem; overflow-x: auto; border-radius: 6px; }
</style>
</head>
<body>
<main>
<h1>Confab Demo Bakery</h1>
${body}
</main>
${snippet}
</body>
</html>
`;
}
