import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyService } from './api-keys/api-key.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AuthGuard, PLATFORM_ADMIN_KEY } from './auth/auth.guard';
import { TenantService } from './tenants/tenant.service';
import { CurrentTenantController, TenantsController } from './tenants/tenants.controller';

@Module({})
export class TenancyModule {
  static forRoot(options: { platformAdminKey: string }): DynamicModule {
    return {
      module: TenancyModule,
      // Global so the server's rate limits can read tenant settings without a second copy of this module.
      global: true,
      controllers: [TenantsController, CurrentTenantController, ApiKeysController],
      providers: [
        ApiKeyService,
        TenantService,
        { provide: PLATFORM_ADMIN_KEY, useValue: options.platformAdminKey },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [ApiKeyService, TenantService],
    };
  }
}
