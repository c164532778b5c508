import type { PipelineMetrics } from '@confab/plugin-sdk';
import { LlmClient, type LlmRequest, type LlmResponse } from './llm.port';
import { modelErrorKind } from './model-error-kind';

/** Times every call of the model client it wraps, and groups its failures, for the Prometheus metrics. */
export class InstrumentedLlm extends LlmClient {
  readonly kind: string;

  constructor(
    private readonly inner: LlmClient,
    private readonly metrics: PipelineMetrics,
  ) {
    super();
    this.kind = inner.kind;
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const began = performance.now();
    try {
      const response = await this.inner.complete(request);
      this.metrics.modelCall(request.model, performance.now() - began);
      return response;
    } catch (err) {
      this.metrics.modelCall(request.model, performance.now() - began, modelErrorKind(err, request.signal));
      throw err;
    }
  }
}
