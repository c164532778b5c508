export * from './entities/tenant.entity';
export * from './entities/tenant-rate-limits';
export * from './entities/api-key.entity';
export * from './api-keys/api-key.service';
export * from './tenants/tenant.service';
export * from './operators/operator.entity';
export * from './operators/operator.service';
export * from './sessions/operator-session.entity';
export * from './tenancy.module';

import { Tenant } from './entities/tenant.entity';
import { ApiKey } from './entities/api-key.entity';
import { Operator } from './operators/operator.entity';
import { OperatorSession } from './sessions/operator-session.entity';
export const tenancyEntities = [Tenant, ApiKey, Operator, OperatorSession];
