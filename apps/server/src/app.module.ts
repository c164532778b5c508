import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { BullModule } from '@nestjs/bull';
import { PersistenceModule, SecretBox } from '@confab/persistence';
import { PluginRegistryModule } from '@confab/plugin-sdk';
import { TenancyModule, tenancyEntities } from '@confab/tenancy';
import { AssistantsModule, assistantsEntities } from '@confab/assistants';
import { ConversationsModule, conversationsEntities } from '@confab/conversations';
import { WebhooksModule, webhooksEntities } from '@confab/webhooks';
import { KnowledgeModule, knowledgeEntities } from '@confab/knowledge';
import { MetricsModule } from '@confab/metrics';
import { parseAllowedHosts } from '@confab/net';
import type { AppConfig } from './config/app-config';
import { enabledPluginModules } from './plugins';
import { DomainErrorFilter } from './http/domain-error.filter';
import { HealthController } from './http/health.controller';
import { RateLimitModule } from './http/rate-limit/rate-limit.module';

export const allEntities = [...tenancyEntities, ...assistantsEntities, ...conversationsEntities, ...webhooksEntities, ...knowledgeEntities];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const worker = config.role !== 'api';
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        PluginRegistryModule,
        PersistenceModule.forRoot({
          databaseUrl: config.databaseUrl,
          poolMax: config.dbPoolMax,
          entities: allEntities,
          secrets: new SecretBox(config.secretsKey, config.previousSecretsKeys),
          relay: { pollMs: config.relayPollMs, enabled: true },
        }),
        BullModule.forRoot({ redis: config.redisUrl, prefix: config.queuePrefix }),
        TenancyModule.forRoot({ platformAdminKey: config.platformAdminKey }),
        RateLimitModule.forRoot({ redisUrl: config.redisUrl, prefix: config.queuePrefix, defaults: config.rateLimits,
          metricsTokens: [config.platformAdminKey, config.metricsToken].filter((t): t is string => !!t),
        }),
        AssistantsModule.forRoot({ openai: config.openai, prices: config.prices }),
        KnowledgeModule.forRoot({
          ...config.knowledge,
          worker,
          fetch: { ...config.knowledge.fetch, allowedHosts: parseAllowedHosts(config.outboundAllowedHosts) },
        }),
        ConversationsModule.forRoot({ publicUrl: config.publicUrl, worker, ...config.conversations }),
        WebhooksModule.forRoot({ ...config.webhooks, worker, allowedHosts: parseAllowedHosts(config.outboundAllowedHosts) }),
        MetricsModule.forRoot({ databaseUrl: config.databaseUrl, worker, ...config.metrics }),
        ...enabledPluginModules(config),
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
