import { Controller, Get, Inject, Param, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NotFound, Public } from '@confab/plugin-sdk';
import { WidgetBundle, type LoadedBundle } from './widget-bundle';
import { WEB_WIDGET_OPTIONS, type WebWidgetOptions } from './web-widget.options';

const NOT_BUILT = 'widget bundle not built: run npm run build:widget';

/**
 * The script the embed snippet loads. /widget.js may change with a deploy, so browsers keep it 5 minutes and then
 * revalidate by ETag; /widget/{version}.js never changes, so it is cached for a year.
 */
@ApiTags('Web widget')
@Public()
@Controller()
export class WidgetAssetsController {
  private readonly bundle: WidgetBundle;

  constructor(@Inject(WEB_WIDGET_OPTIONS) options: WebWidgetOptions) {
    this.bundle = new WidgetBundle(options.bundleDir ?? 'dist/widget');
  }

  @Get('widget.js')
  @ApiOperation({ summary: 'The widget script the embed snippet loads (cached 5 minutes, then revalidated by ETag)' })
  @ApiProduces('application/javascript')
  @ApiOkResponse({ description: 'The bundle', schema: { type: 'string' } })
  @ApiResponse({ status: 304, description: 'Not modified (If-None-Match matched the ETag)' })
  @ApiServiceUnavailableResponse({ description: 'widget bundle not built: run npm run build:widget' })
  async latest(@Req() req: Request, @Res() res: Response): Promise<void> {
    const bundle = await this.required();
    this.serve(req, res, bundle, 'public, max-age=300');
  }

  @Get('widget/:file')
  @ApiOperation({ summary: 'One version of the widget script, {version}.js with the version from X-Widget-Version (cached for a year)' })
  @ApiProduces('application/javascript')
  @ApiOkResponse({ description: 'The bundle', schema: { type: 'string' } })
  @ApiResponse({ status: 304, description: 'Not modified' })
  @ApiNotFoundResponse({ description: 'Not the current version' })
  @ApiServiceUnavailableResponse({ description: 'widget bundle not built: run npm run build:widget' })
  async versioned(@Param('file') file: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const version = /^([0-9a-f]{16})\.js$/.exec(file)?.[1];
    if (!version) throw new NotFound('widget version', file.slice(0, 40), `No widget version ${file.slice(0, 40)}: versioned URLs look like /widget/0123456789abcdef.js`);
    const bundle = await this.required();
    if (version !== bundle.version) throw new NotFound('widget version', file, `No widget version ${file}; the current one is /widget/${bundle.version}.js`);
    this.serve(req, res, bundle, 'public, max-age=31536000, immutable');
  }

  private async required(): Promise<LoadedBundle> {
    const bundle = await this.bundle.load();
    if (!bundle) throw new ServiceUnavailableException(NOT_BUILT);
    return bundle;
  }

  private serve(req: Request, res: Response, bundle: LoadedBundle, cacheControl: string): void {
    const etag = `"${bundle.version}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', cacheControl);
    // Pages on any site load it, as with any embeddable script; the API behind it checks origins itself.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('X-Widget-Version', bundle.version);
    const match = req.headers['if-none-match'];
    if (typeof match === 'string' && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      res.status(304).end();
      return;
    }
    res.type('application/javascript; charset=utf-8').send(bundle.body);
  }
}
