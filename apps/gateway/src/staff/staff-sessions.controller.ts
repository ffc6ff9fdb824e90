import {
  Body,
  Controller,
  Delete,
  Header,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Post,
  Put,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { ChangeOwnPasswordRequest, SignInRequest, SignInResponse } from './staff.dto';
import { SignInLocked, StaffSignIn } from './staff-sign-in.usecase';

interface HeaderReply {
  header(name: string, value: string): unknown;
}

/** Console sign-in and sign-out of named persons. */
@ApiTags('staff')
@Controller({ path: 'staff-sessions', version: '1' })
export class StaffSessionsController {
  constructor(private readonly staff: StaffSignIn) {}

  @Post()
  @Header('cache-control', 'no-store')
  @ApiOperation({
    summary: 'Sign in as a named person (console)',
    description:
      'Login and password of a staff account an operator issued. The answer’s `accessToken` is a short-lived ' +
      'session token (`expiresIn` seconds) for the /v1 API: a regulator of the account’s agency with its scopes, ' +
      'or an operator; reads and decisions are audited with the person. It stops working at sign-out, when the ' +
      'account is disabled or its password reset. Failed sign-ins are rate-limited per login and address and per ' +
      'address like the token endpoint: 429 with `Retry-After` (1 s, doubling, at most 15 minutes).',
  })
  @ApiCreatedResponse({ type: SignInResponse })
  @ApiBadRequestResponse({ description: 'login or password missing or too long' })
  @ApiUnauthorizedResponse({ description: 'Unknown login, wrong password, or disabled account' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins; see Retry-After' })
  async signIn(
    @Body() body: SignInRequest,
    @Req() request: { ip?: string },
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<SignInResponse> {
    try {
      return await this.staff.signIn(body, request.ip ?? 'unknown');
    } catch (e) {
      if (e instanceof SignInLocked) reply.header('retry-after', String(e.retryAfterSeconds));
      throw e;
    }
  }

  @Put('current/password')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Change your own password (named persons)',
    description:
      'With the current password, under the same throttle as sign-in. Replace a password an operator generated or ' +
      'reset. Your other sessions end; this one goes on.',
  })
  @ApiNoContentResponse({ description: 'Changed' })
  @ApiBadRequestResponse({ description: 'Not the current password, or the new one breaks the policy' })
  @ApiNotFoundResponse({ description: 'The token is a client’s, not a person’s session' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts; see Retry-After' })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangeOwnPasswordRequest,
    @Req() request: { ip?: string },
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<void> {
    try {
      await this.staff.changeOwnPassword(principal, body, request.ip ?? 'unknown');
    } catch (e) {
      if (e instanceof SignInLocked) reply.header('retry-after', String(e.retryAfterSeconds));
      throw e;
    }
  }

  @Delete('current')
  @Authenticated()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Sign out (end this session)',
    description: 'Ends the named person’s session of the bearer token: the token stops working.',
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiNotFoundResponse({ description: 'The token is a client’s, not a person’s session' })
  async signOut(@CurrentPrincipal() principal: Principal): Promise<void> {
    if (!(await this.staff.signOut(principal)))
      throw new NotFoundException('This token is not a person’s console session');
  }
}
