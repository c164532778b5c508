import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyService } from './api-keys/api-key.service';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AuthGuard, PLATFORM_ADMIN_KEY } from './auth/auth.guard';
import { OperatorService } from './operators/operator.service';
import { OperatorsController } from './operators/operators.controller';
import { SignInService } from './operators/sign-in.service';
import { AuthController } from './sessions/auth.controller';
import { SESSION_OPTIONS } from './sessions/session-options';
import { SessionService } from './sessions/session.service';
import { TenantService } from './tenants/tenant.service';
import { CurrentTenantController, TenantsController } from './tenants/tenants.controller';

@Module({})
export class TenancyModule {
  static forRoot(options: { platformAdminKey: string; publicUrl: string }): DynamicModule {
    return {
      module: TenancyModule,
      // Global so the server's rate limits can read tenant settings without a second copy of this module.
      global: true,
      controllers: [TenantsController, CurrentTenantController, ApiKeysController, OperatorsController, AuthController],
      providers: [
        ApiKeyService,
        TenantService,
        SessionService,
        OperatorService,
        SignInService,
        { provide: PLATFORM_ADMIN_KEY, useValue: options.platformAdminKey },
        { provide: SESSION_OPTIONS, useValue: { publicUrl: options.publicUrl } },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [ApiKeyService, TenantService, OperatorService],
    };
  }
}
