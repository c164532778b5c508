import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue, Process, Processor } from '@nestjs/bull';
import type { Queue } from 'bull';
import { METRICS_OPTIONS, type MetricsOptions } from '../metrics.options';
import { AlertEvaluator } from './alert-evaluator';

export const ALERT_EVALUATION_QUEUE = 'alert-evaluation';
const REPEAT_JOB = 'evaluate-alert-rules';

/**
 * Keeps one repeatable job every ALERT_EVALUATION_INTERVAL_MS. Bull stores repeatables in Redis shared by every
 * worker: a repeat with another interval (an earlier configuration) is removed, so exactly one schedule runs.
 */
@Injectable()
export class AlertEvaluationScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(ALERT_EVALUATION_QUEUE) private readonly queue: Queue,
    @Inject(METRICS_OPTIONS) private readonly options: MetricsOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const every = this.options.alertEvaluationIntervalMs ?? 60_000;
    for (const job of await this.queue.getRepeatableJobs()) {
      if (job.name === REPEAT_JOB && Number(job.every) !== every) await this.queue.removeRepeatableByKey(job.key);
    }
    await this.queue.add(REPEAT_JOB, {}, { repeat: { every }, removeOnComplete: true, removeOnFail: 100 });
  }
}

@Processor(ALERT_EVALUATION_QUEUE)
export class AlertEvaluationProcessor {
  private readonly logger = new Logger('AlertEvaluation');

  constructor(private readonly evaluator: AlertEvaluator) {}

  @Process({ name: REPEAT_JOB, concurrency: 1 })
  async handle(): Promise<{ evaluated: number; changed: number }> {
    const result = await this.evaluator.evaluateAll();
    if (result.changed) this.logger.log({ msg: 'Alert rules evaluated', ...result });
    return result;
  }
}
