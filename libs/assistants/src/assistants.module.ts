import { type DynamicModule, Global, Module } from '@nestjs/common';
import { NO_PIPELINE_METRICS, PipelineMetrics } from '@confab/plugin-sdk';
import { AssistantService } from './assistants/assistant.service';
import { AssistantCache } from './assistants/assistant-cache';
import { AssistantsController } from './assistants/assistants.controller';
import { ToolsController } from './assistants/tools.controller';
import { LlmClient } from './llm/llm.port';
import { OfflineResponder } from './llm/offline-responder';
import { OpenAiLlm, type OpenAiLlmOptions } from './llm/openai-llm';
import { InstrumentedLlm } from './llm/instrumented-llm';
import { PriceBook } from './pricing/price-book';
import type { ModelPriceRow } from './pricing/model-prices';

export interface AssistantsOptions {
  /** Null: no model configured, the offline responder answers. */
  openai: OpenAiLlmOptions | null;
  prices: ModelPriceRow[];
}

@Global()
@Module({})
export class AssistantsModule {
  static forRoot(options: AssistantsOptions): DynamicModule {
    // With a model configured, the responder only ever stands in for it while it fails.
    const offline = new OfflineResponder(options.openai ? 'model_unavailable' : 'no_model');
    return {
      module: AssistantsModule,
      controllers: [AssistantsController, ToolsController],
      providers: [
        AssistantService,
        AssistantCache,
        { provide: OfflineResponder, useValue: offline },
        {
          provide: LlmClient,
          // Model calls are timed for the server's metrics (when it binds them); the offline responder is no model.
          useFactory: (metrics?: PipelineMetrics) => (options.openai ? new InstrumentedLlm(new OpenAiLlm(options.openai), metrics ?? NO_PIPELINE_METRICS) : offline),
          inject: [{ token: PipelineMetrics, optional: true }],
        },
        { provide: PriceBook, useValue: new PriceBook(options.prices) },
      ],
      exports: [AssistantService, AssistantCache, LlmClient, OfflineResponder, PriceBook],
    };
  }
}
