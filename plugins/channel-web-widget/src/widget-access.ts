import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ConnectionDirectory, Forbidden, NotFound, Unauthenticated, type Connection } from '@confab/plugin-sdk';
import type { WebWidgetConfig } from './web-widget.config';
import { connectionIdOf } from './public-key';
import { SessionTokens, type WidgetSession } from './session-token';
import { allowedOrigin } from './origins';
import { WEB_WIDGET_OPTIONS, type WebWidgetOptions } from './web-widget.options';

const EXPOSED = 'Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy';

/** CORS for one allowed origin on an actual request; Vary so a cache never hands it to another origin. */
export function writeCors(res: Response, origin: string): void {
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  res.vary('Origin');
}

export function writePreflight(res: Response, origin: string, methods: string): void {
  writeCors(res, origin);
  res.setHeader('Access-Control-Allow-Methods', methods);
  res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, last-event-id');
  res.setHeader('Access-Control-Max-Age', '600');
}

export interface WidgetCaller {
  session: WidgetSession;
  connection: Connection<WebWidgetConfig>;
}

/**
 * Who may use a widget: a page on one of the connection's allowed origins, and afterwards the holder of a session
 * token used from the origin it was issued to. The tenant's API keys never take part.
 */
@Injectable()
export class WidgetAccess {
  readonly tokens: SessionTokens;

  constructor(
    private readonly directory: ConnectionDirectory,
    @Inject(WEB_WIDGET_OPTIONS) private readonly options: WebWidgetOptions,
  ) {
    this.tokens = new SessionTokens(options.sessionKey);
  }

  /** The active widget a public key names; an unknown, deleted or malformed key is the same 404. */
  async connectionByKey(publicKey: string): Promise<Connection<WebWidgetConfig>> {
    const id = connectionIdOf(publicKey);
    if (!id) throw new NotFound('web widget', publicKey);
    try {
      return await this.directory.load<WebWidgetConfig>(id, { type: 'web_widget' });
    } catch (err) {
      if (err instanceof NotFound) throw new NotFound('web widget', publicKey);
      throw err;
    }
  }

  /**
   * The page's origin. Browsers send Origin on every cross-origin request and on same-origin POSTs; a same-origin
   * GET (the platform's own demo page) carries none, and Sec-Fetch-Site, which scripts cannot set, says so.
   */
  requestOrigin(req: Request): string | null {
    const origin = req.headers.origin;
    if (typeof origin === 'string' && origin !== 'null') return origin;
    if (req.headers['sec-fetch-site'] === 'same-origin') return new URL(this.options.publicUrl).origin;
    return null;
  }

  /** The allowed origin of a request to a public-key route (CORS headers written), or 403 with the reason. */
  admitOrigin(req: Request, res: Response, connection: Connection<WebWidgetConfig>): string {
    const origin = this.requestOrigin(req);
    const allowed = allowedOrigin(origin ?? undefined, connection.config.allowedOrigins);
    if (!allowed) {
      throw new Forbidden(origin
        ? `This widget may not run on ${origin}: add it to the connection's allowedOrigins`
        : 'Send the Origin header of the page that runs the widget');
    }
    writeCors(res, allowed);
    return allowed;
  }

  /** The caller of a token route: valid token, used from its own origin, on a widget that still allows that origin. */
  async caller(req: Request, res: Response, token: string | undefined): Promise<WidgetCaller> {
    const origin = this.requestOrigin(req);
    const verified = this.tokens.verify(token);
    if ('problem' in verified) {
      // The widget must be able to read the 401 to start a new session; only its own origin is told.
      if (origin) writeCors(res, origin);
      throw new Unauthenticated(verified.problem);
    }
    if (origin !== verified.origin) {
      throw new Forbidden(`This session belongs to ${verified.origin}; it cannot be used from ${origin ?? 'a request without Origin'}`);
    }
    writeCors(res, verified.origin);
    let connection: Connection<WebWidgetConfig>;
    try {
      connection = await this.directory.load<WebWidgetConfig>(verified.connectionId, { type: 'web_widget', tenantId: verified.tenantId });
    } catch (err) {
      if (err instanceof NotFound) throw new Unauthenticated('This widget is no longer active; start a new session');
      throw err;
    }
    if (!connection.config.allowedOrigins.includes(verified.origin)) {
      throw new Forbidden(`This widget may no longer run on ${verified.origin}`);
    }
    return { session: verified, connection };
  }
}

/** The token from "Authorization: Bearer wst_...". */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  return m ? m[1] : undefined;
}
