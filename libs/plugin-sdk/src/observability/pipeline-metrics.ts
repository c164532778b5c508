/**
 * Why a model call failed, as operators group it: `timeout` (no answer in time), `rate_limited` (429), `quota`
 * (the account's credit is spent), `server_error` (5xx), `bad_request` (other 4xx: context too long, unknown
 * model), `auth` (401/403), `connection` (unreachable), `aborted` (cancelled by the server itself, e.g. on shutdown).
 */
export type ModelErrorKind = 'timeout' | 'rate_limited' | 'quota' | 'server_error' | 'bad_request' | 'auth' | 'connection' | 'aborted' | 'other';

/**
 * What the reply pipeline reports to the server's Prometheus metrics. The core libs record through this port so
 * they never depend on the server or prom-client; the server binds it. Calls must be cheap and never throw.
 */
export abstract class PipelineMetrics {
  /** An AI reply was stored, `ms` after the earliest customer message it answers was sent (its createdAt). */
  abstract replyCompleted(channel: string, ms: number): void;
  /** One call to a language model took `ms`; `errorKind` when it failed. */
  abstract modelCall(model: string, ms: number, errorKind?: ModelErrorKind): void;
  /** An outbound message failed for good (the send was refused, or the provider later reported it failed). */
  abstract deliveryFailed(channel: string, code: string): void;
}

/** Records nothing: what a handler uses when no server binds the port (unit tests, scripts). */
export class NoPipelineMetrics extends PipelineMetrics {
  replyCompleted(): void {}
  modelCall(): void {}
  deliveryFailed(): void {}
}

export const NO_PIPELINE_METRICS: PipelineMetrics = new NoPipelineMetrics();
