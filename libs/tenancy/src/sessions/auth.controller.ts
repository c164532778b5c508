import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, Param, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import {
  ApiCookieAuth, ApiForbiddenResponse, ApiGoneResponse, ApiHeader, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation,
  ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NotFound, Public, RateLimits } from '@confab/plugin-sdk';
import { AcceptInvitationDto, ChangePasswordDto, LoginDto, SessionView } from '../operators/operators.dto';
import { SignInService, type SignedIn } from '../operators/sign-in.service';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './session-cookie';
import { secureCookies, SESSION_OPTIONS, type SessionOptions } from './session-options';
import { sameToken, SessionService } from './session.service';

const INVITE_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * Dashboard sign-in. These routes authenticate by themselves (the guard lets them through): a password, an
 * invitation token, or the session cookie.
 */
@ApiTags('Sign-in')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly signIns: SignInService,
    private readonly sessions: SessionService,
    private readonly limits: RateLimits,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; sets the HttpOnly session cookie confab_session' })
  @ApiOkResponse({ type: SessionView, description: 'Signed in; Set-Cookie carries the session' })
  @ApiUnauthorizedResponse({ description: 'Email or password is wrong (the same answer for an unknown email)' })
  @ApiTooManyRequestsResponse({ description: 'The account is locked after 5 wrong passwords in 15 minutes, or this address tried too often; see Retry-After' })
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    await this.limits.admitSignIn(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    return this.signedIn(res, await this.signIns.signIn(dto.email, dto.password));
  }

  @Get('session')
  @Public()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'The signed-in operator, their tenant and the CSRF token for writes' })
  @ApiOkResponse({ type: SessionView })
  @ApiUnauthorizedResponse({ description: 'No session cookie, or the session expired or was ended' })
  async session(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = token ? await this.sessions.resolve(token) : null;
    if (!session) {
      if (token) res.setHeader('Set-Cookie', clearedSessionCookie({ secure: secureCookies(this.options) }));
      throw new UnauthorizedException(token ? 'Your session has expired; sign in again' : 'Not signed in');
    }
    const tenant = await this.sessions.tenantOf(session.tenantId);
    res.setHeader('Cache-Control', 'no-store');
    return { operator: session.operator, tenant, csrfToken: session.csrfToken };
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiCookieAuth()
  @ApiHeader({ name: 'X-CSRF-Token', required: true, description: 'The csrfToken of the session' })
  @ApiOperation({ summary: 'Ends the session (also when it had already expired) and clears the cookie' })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiForbiddenResponse({ description: 'X-CSRF-Token is missing or not the session\'s' })
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = token ? await this.sessions.resolve(token) : null;
    if (session) {
      // A forged cross-site logout is a nuisance, not a breach, but every cookie-authenticated write is checked alike.
      this.assertCsrf(req, session.csrfToken);
      await this.sessions.close(token!);
    }
    res.setHeader('Set-Cookie', clearedSessionCookie({ secure: secureCookies(this.options) }));
  }

  @Post('password')
  @Public()
  @HttpCode(204)
  @ApiCookieAuth()
  @ApiHeader({ name: 'X-CSRF-Token', required: true, description: 'The csrfToken of the session' })
  @ApiOperation({ summary: "Changes the signed-in operator's own password; their other sessions end, this one stays" })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiUnauthorizedResponse({ description: 'Not signed in, or the session expired' })
  @ApiForbiddenResponse({ description: 'currentPassword is wrong, or X-CSRF-Token is missing or wrong' })
  @ApiTooManyRequestsResponse({ description: 'The account is locked after repeated wrong passwords, or this address tried too often' })
  async changePassword(@Body() dto: ChangePasswordDto, @Req() req: Request): Promise<void> {
    await this.limits.admitSignIn(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = token ? await this.sessions.resolve(token) : null;
    if (!session) throw new UnauthorizedException(token ? 'Your session has expired; sign in again' : 'Not signed in');
    this.assertCsrf(req, session.csrfToken);
    await this.signIns.changePassword(session.operator.id, session.sessionId, dto.currentPassword, dto.newPassword);
  }

  @Post('invitations/:token')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Accepts an invitation link: sets the password (and optionally the name) and signs in' })
  @ApiOkResponse({ type: SessionView, description: 'Signed in; Set-Cookie carries the session' })
  @ApiNotFoundResponse({ description: 'The link was already used, replaced by a newer one, or never issued' })
  @ApiGoneResponse({ description: 'The link expired (links are valid 7 days)' })
  @ApiTooManyRequestsResponse({ description: 'This address tried too often; see Retry-After' })
  async acceptInvitation(@Param('token') token: string, @Body() dto: AcceptInvitationDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    await this.limits.admitSignIn(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (!INVITE_TOKEN.test(token)) throw new NotFound('invitation', token.slice(0, 100));
    return this.signedIn(res, await this.signIns.acceptInvitation(token, dto.password, dto.name));
  }

  private assertCsrf(req: Request, expected: string): void {
    const presented = req.headers['x-csrf-token'];
    if (typeof presented !== 'string' || !sameToken(presented, expected)) throw new ForbiddenException("Send the session's CSRF token in X-CSRF-Token");
  }

  private signedIn(res: Response, signedIn: SignedIn): SessionView {
    res.setHeader('Set-Cookie', sessionCookie(signedIn.token, { secure: secureCookies(this.options), maxAgeSeconds: signedIn.maxAgeSeconds }));
    res.setHeader('Cache-Control', 'no-store');
    return { operator: signedIn.operator, tenant: signedIn.tenant, csrfToken: signedIn.csrfToken };
  }
}
