import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsTimeZone, Length, Max, Min, ValidateNested } from 'class-validator';
import { CurrentAuth, PlatformAdmin, type AuthContext } from '@confab/plugin-sdk';
import type { Tenant } from '../entities/tenant.entity';
import type { TenantRateLimits } from '../entities/tenant-rate-limits';
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


const LIMIT = { minimum: 0, maximum: 1_000_000 } as const;
const limit = () => (target: object, key: string) => {
  IsOptional()(target, key);
  IsInt()(target, key);
  Min(LIMIT.minimum)(target, key);
  Max(LIMIT.maximum)(target, key);
};

/** Each field replaces the installation's default for this tenant; 0 turns that limit off. */
export class TenantRateLimitsDto implements TenantRateLimits {
  @ApiPropertyOptional({ ...LIMIT, description: 'Requests per minute of one API key (default RATE_LIMIT_API_KEY_PER_MINUTE)' }) @limit() apiKeyPerMinute?: number;
  @ApiPropertyOptional({ ...LIMIT, description: 'Requests per 10 seconds of one API key (default RATE_LIMIT_API_KEY_BURST)' }) @limit() apiKeyBurstPer10s?: number;
  @ApiPropertyOptional({ ...LIMIT, description: "Requests per minute of all the tenant's keys (default RATE_LIMIT_TENANT_PER_MINUTE)" }) @limit() tenantPerMinute?: number;
  @ApiPropertyOptional({ ...LIMIT, description: "Requests per 10 seconds of all the tenant's keys (default RATE_LIMIT_TENANT_BURST)" }) @limit() tenantBurstPer10s?: number;
  @ApiPropertyOptional({ ...LIMIT, description: 'Customer messages per minute from one end user of a channel (default RATE_LIMIT_CUSTOMER_PER_MINUTE)' }) @limit() customerPerMinute?: number;
  @ApiPropertyOptional({ ...LIMIT, description: 'Customer messages per minute on one channel connection (default RATE_LIMIT_CONNECTION_PER_MINUTE)' }) @limit() connectionPerMinute?: number;
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

  @ApiPropertyOptional({ type: TenantRateLimitsDto, nullable: true, description: 'Merged into the stored limits; null returns the tenant to the defaults' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TenantRateLimitsDto)
  rateLimits?: TenantRateLimitsDto | null;
}

export class TenantView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty(TIMEZONE_DOC) timezone!: string;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: TenantRateLimitsDto, nullable: true, description: "The tenant's own rate limits; null: the installation's defaults" })
  rateLimits!: TenantRateLimitsDto | null;
}

export class CreatedTenantView extends TenantView {
  @ApiProperty({ description: "The tenant's first admin API key. Shown once." }) apiKey!: string;
}

const view = ({ id, name, timezone, createdAt, rateLimits }: Tenant): TenantView => ({ id, name, timezone, createdAt, rateLimits: rateLimits ?? null });

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

  @Get(':id')
  @ApiOkResponse({ type: TenantView })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<TenantView> {
    return view(await this.tenants.get(id));
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
