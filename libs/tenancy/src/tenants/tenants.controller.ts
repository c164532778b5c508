import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, IsTimeZone, Length } from 'class-validator';
import { CurrentAuth, PlatformAdmin, type AuthContext } from '@confab/plugin-sdk';
import type { Tenant } from '../entities/tenant.entity';
import { TenantService } from './tenant.service';

const TIMEZONE_DOC = { example: 'Europe/Berlin', description: "IANA timezone the tenant's days and hours are counted in (metrics). Default Europe/Berlin." };
const TIMEZONE_MESSAGE = 'timezone must be an IANA timezone such as Europe/Berlin';

export class CreateTenantDto {
  @ApiProperty({ example: 'Bäckerei Schmidt' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional(TIMEZONE_DOC)
  @IsOptional()
  @IsTimeZone({ message: TIMEZONE_MESSAGE })
  timezone?: string;
}

export class UpdateTenantDto {
  @ApiPropertyOptional({ example: 'Bäckerei Schmidt GmbH' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional(TIMEZONE_DOC)
  @IsOptional()
  @IsTimeZone({ message: TIMEZONE_MESSAGE })
  timezone?: string;
}

export class TenantView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty(TIMEZONE_DOC) timezone!: string;
  @ApiProperty() createdAt!: Date;
}

export class CreatedTenantView extends TenantView {
  @ApiProperty({ description: "The tenant's first admin API key. Shown once." }) apiKey!: string;
}

const view = ({ id, name, timezone, createdAt }: Tenant): TenantView => ({ id, name, timezone, createdAt });

@ApiTags('Tenants (platform admin)')
@ApiBearerAuth()
@PlatformAdmin()
@Controller('api/v1/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedTenantView })
  async create(@Body() dto: CreateTenantDto): Promise<CreatedTenantView> {
    const { tenant, key } = await this.tenants.create(dto.name, dto.timezone);
    return { ...view(tenant), apiKey: key.apiKey };
  }

  @Get()
  @ApiOkResponse({ type: TenantView, isArray: true })
  async list(): Promise<TenantView[]> {
    return (await this.tenants.list()).map(view);
  }

  @Patch(':id')
  @ApiOkResponse({ type: TenantView, description: 'A changed timezone counts new events in the new zone; rebuild the metrics to recount earlier days' })
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateTenantDto): Promise<TenantView> {
    return view(await this.tenants.update(id, dto));
  }
}

/** The tenant an API key belongs to, as that tenant sees it (read scope). */
@ApiTags('Tenant')
@ApiBearerAuth()
@Controller('api/v1/tenant')
export class CurrentTenantController {
  constructor(private readonly tenants: TenantService) {}

  @Get()
  @ApiOkResponse({ type: TenantView })
  async get(@CurrentAuth() auth: AuthContext): Promise<TenantView> {
    return view(await this.tenants.get(auth.tenantId));
  }
}
