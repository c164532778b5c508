import { type ModelErrorKind, PipelineMetrics } from '@confab/plugin-sdk';
import { Metrics } from './metrics';

/** The reply pipeline's reports (from the core libs, through their port) into the Prometheus registry. */
export class PromPipelineMetrics extends PipelineMetrics {
  constructor(private readonly metrics: Metrics) {
    super();
  }

  replyCompleted(channel: string, ms: number): void {
    this.metrics.replyLatency.observe({ channel }, Math.max(0, ms) / 1000);
  }

  modelCall(model: string, ms: number, errorKind?: ModelErrorKind): void {
    this.metrics.modelLatency.observe({ model }, ms / 1000);
    if (errorKind) this.metrics.modelErrors.inc({ kind: errorKind });
  }

  deliveryFailed(channel: string, code: string): void {
    this.metrics.deliveriesFailed.inc({ channel, code });
  }
}
