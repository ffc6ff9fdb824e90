import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import { Enterprise } from '../registry/enterprise.entity';
import { StaffAccount } from '../staff/staff-account.entity';
import { Authenticated, type TokenTimes } from './auth.guard';
import { CurrentPrincipal, Principal } from './principal';

export class MeEnterprise {
  @ApiProperty({ description: 'Customs code (海关编码)', example: '3301968AAA' })
  customsCode!: string;

  @ApiProperty({ description: 'Registered name', example: '杭州示例电商平台有限公司' })
  name!: string;

  @ApiProperty({ description: 'Registered roles (备案)', type: [String], example: ['ebp'] })
  roles!: string[];

  @ApiProperty({ description: '`active` or `suspended`', example: 'active' })
  status!: string;
}

export class MePerson {
  @ApiProperty({ description: 'Staff account id', format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'wang.fang' })
  login!: string;

  @ApiProperty({ example: '王芳 (杭州海关 风险处)' })
  displayName!: string;
}

export class MeResponse {
  @ApiProperty({ description: 'Your client id', example: 'ent-3301968AAA-1a2b3c4d' })
  clientId!: string;

  @ApiProperty({ description: '`enterprise`, `regulator`, `operator` or `bank`', example: 'enterprise' })
  kind!: string;

  @ApiPropertyOptional({
    type: MeEnterprise,
    nullable: true,
    description: 'Enterprise clients: who you declare as',
  })
  enterprise!: MeEnterprise | null;

  @ApiPropertyOptional({ nullable: true, description: 'Regulators: the agency', example: null })
  agency!: string | null;

  @ApiPropertyOptional({
    type: MePerson,
    nullable: true,
    description: 'A named person’s console session (POST /v1/staff-sessions): who signed in',
  })
  person!: MePerson | null;

  @ApiProperty({
    description: 'Scopes of this token: what you may do',
    type: [String],
    example: ['documents:write', 'documents:read', 'webhooks:manage'],
  })
  scopes!: string[];

  @ApiProperty({
    description: 'When this access token expires (ISO 8601)',
    example: '2026-11-30T10:45:00.000Z',
  })
  tokenExpiresAt!: string;
}

/** Who the caller is: the console shows it after Authorize, an integrator checks its credentials with it. */
@ApiTags('credentials')
@Controller({ version: '1' })
export class MeController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('me')
  @Authenticated()
  @ApiOperation({
    summary: 'Who am I (当前身份)',
    description:
      'The client of the access token: its kind, the enterprise it declares for (customs code, name, roles, ' +
      'status) or the regulator agency, its scopes, and when the token expires. Any valid token.',
  })
  @ApiOkResponse({ type: MeResponse })
  async me(
    @CurrentPrincipal() principal: Principal,
    @Req() request: { token?: TokenTimes },
  ): Promise<MeResponse> {
    const enterprise = principal.enterpriseCode
      ? await this.dataSource.getRepository(Enterprise).findOneBy({ customsCode: principal.enterpriseCode })
      : null;
    return {
      clientId: principal.clientId,
      kind: principal.kind,
      enterprise: enterprise
        ? {
            customsCode: enterprise.customsCode,
            name: enterprise.name,
            roles: enterprise.roles,
            status: enterprise.status,
          }
        : null,
      agency: principal.agency ?? null,
      person: principal.person
        ? {
            id: principal.person.id,
            login: principal.person.login,
            displayName:
              (await this.dataSource.getRepository(StaffAccount).findOneBy({ id: principal.person.id }))
                ?.displayName ?? principal.person.login,
          }
        : null,
      scopes: principal.scopes,
      tokenExpiresAt: new Date((request.token?.expiresAt ?? 0) * 1000).toISOString(),
    };
  }
}
