import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { BullModule } from '@nestjs/bull';
import { PersistenceModule, SecretBox } from '@confab/persistence';
import { PluginRegistryModule } from '@confab/plugin-sdk';
import { TenancyModule, tenancyEntities } from '@confab/tenancy';
import { AssistantsModule, assistantsEntities } from '@confab/assistants';
import { ConversationsModule, LiveFeedModule, conversationsEntities } from '@confab/conversations';
import { WebhooksModule, webhooksEntities } from '@confab/webhooks';
import { KnowledgeModule, knowledgeEntities } from '@confab/knowledge';
import { MetricsModule } from '@confab/metrics';
import { DEFAULT_EXPORT_LINK_TTL_MS, ExportsModule, exportsEntities } from '@confab/exports';
import { MonitoringModule } from '@confab/monitoring';
import { parseAllowedHosts } from '@confab/net';
import type { AppConfig } from './config/app-config';
import { enabledPluginModules } from './plugins';
import { DomainErrorFilter } from './http/domain-error.filter';
import { HealthController } from './http/health.controller';
import { WIDGET_DEMO_PUBLIC_URL, WidgetDemoController } from './http/widget-demo.controller';
import { RateLimitModule } from './http/rate-limit/rate-limit.module';
import { InputPolicyInterceptor } from './http/input-policy.interceptor';
import { PrometheusModule } from './http/metrics/prometheus.module';
import { McpController } from './protocols/mcp/mcp.controller';
import { McpServerFactory } from './protocols/mcp/mcp-server.factory';
import { ChatCompletionsController } from './protocols/openai/chat-completions.controller';
import { AssistantModels } from './protocols/openai/assistant-models';
import { ChatTurns } from './protocols/openai/chat-turn';

export const allEntities = [...tenancyEntities, ...assistantsEntities, ...conversationsEntities, ...webhooksEntities, ...knowledgeEntities, ...exportsEntities];

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
          // API processes leave events to the workers' relays and wake them with a NOTIFY after each commit.
          relay: { pollMs: config.relayPollMs, enabled: worker },
          upkeep: { enabled: worker, intervalMs: config.dbUpkeepIntervalMs ?? 0 },
        }),
        BullModule.forRoot({ redis: config.redisUrl, prefix: config.queuePrefix }),
        TenancyModule.forRoot({ platformAdminKey: config.platformAdminKey, publicUrl: config.publicUrl }),
        PrometheusModule.forRoot({ tokens: [config.platformAdminKey, config.metricsToken].filter((t): t is string => !!t) }),
        RateLimitModule.forRoot({ redisUrl: config.redisUrl, prefix: config.queuePrefix, defaults: config.rateLimits }),
        AssistantsModule.forRoot({ openai: config.openai, prices: config.prices }),
        KnowledgeModule.forRoot({
          ...config.knowledge,
          worker,
          fetch: { ...config.knowledge.fetch, allowedHosts: parseAllowedHosts(config.outboundAllowedHosts) },
        }),
        // Streams and pub/sub under the installation's prefix, so API and worker processes share one feed.
        LiveFeedModule.forRoot({ redisUrl: config.redisUrl, prefix: config.queuePrefix }),
        ConversationsModule.forRoot({ publicUrl: config.publicUrl, worker, unansweredAfterMs: config.monitoring?.pendingAfterMs, ...config.conversations }),
        WebhooksModule.forRoot({ ...config.webhooks, worker, allowedHosts: parseAllowedHosts(config.outboundAllowedHosts) }),
        MetricsModule.forRoot({ databaseUrl: config.databaseUrl, worker, ...config.metrics }),
        ExportsModule.forRoot({
          directory: config.exports?.directory ?? join(tmpdir(), 'confab-exports'),
          linkTtlMs: config.exports?.linkTtlMs ?? DEFAULT_EXPORT_LINK_TTL_MS,
          sweepEveryMs: config.exports?.sweepEveryMs ?? 60_000,
          databaseUrl: config.databaseUrl,
          signingKey: config.secretsKey,
          publicUrl: config.publicUrl,
          worker,
          unansweredAfterMs: config.monitoring?.pendingAfterMs,
        }),
        MonitoringModule.forRoot(config.monitoring),
        ...enabledPluginModules(config),
      ],
      // The protocol endpoints live here because they read across libs (conversations, metrics, monitoring).
      controllers: [HealthController, WidgetDemoController, McpController, ChatCompletionsController],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }, { provide: APP_INTERCEPTOR, useClass: InputPolicyInterceptor }, { provide: WIDGET_DEMO_PUBLIC_URL, useValue: config.publicUrl }, McpServerFactory, AssistantModels, ChatTurns],
    };
  }
}
