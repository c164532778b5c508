export * from './entities/assistant.entity';
export * from './entities/usage-record.entity';
export * from './assistants/assistant.dto';
export * from './assistants/assistant.service';
export * from './assistants/assistant-cache';
export * from './llm/llm.port';
export * from './llm/openai-llm';
export * from './llm/offline-responder';
export * from './pricing/model-prices';
export * from './pricing/price-book';
export * from './pricing/money-view';
export * from './tool-loop/tool-loop.types';
export * from './tool-loop/run-turn';
export * from './assistants.module';

import { Assistant } from './entities/assistant.entity';
import { UsageRecord } from './entities/usage-record.entity';
export const assistantsEntities = [Assistant, UsageRecord];
