import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PlatformAdmin } from '@confab/plugin-sdk';
import { TenantService } from './tenant.service';

export class CreateTenantDto {
  @ApiProperty({ example: 'Bäckerei Schmidt' })
  @IsString()
  @Length(1, 200)
  name!: string;
}

export class TenantView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() createdAt!: Date;
}

export class CreatedTenantView extends TenantView {
  @ApiProperty({ description: "The tenant's first admin API key. Shown once." }) apiKey!: string;
}

@ApiTags('Tenants (platform admin)')
@ApiBearerAuth()
@PlatformAdmin()
@Controller('api/v1/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedTenantView })
  async create(@Body() dto: CreateTenantDto): Promise<CreatedTenantView> {
    const { tenant, key } = await this.tenants.create(dto.name);
    return { id: tenant.id, name: tenant.name, createdAt: tenant.createdAt, apiKey: key.apiKey };
  }

  @Get()
  @ApiOkResponse({ type: TenantView, isArray: true })
  async list(): Promise<TenantView[]> {
    return (await this.tenants.list()).map(({ id, name, createdAt }) => ({ id, name, createdAt }));
  }
}
