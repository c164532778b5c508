import { startFakeGraph, type FakeGraph } from '@confab/testing';
import { tokensIn } from './tokens';

/**
 * The loopback Graph API both sides send replies to, read as a log of which customer messages were answered
 * when. Status webhooks are off: the reference does not handle them and they are not part of P1-P4.
 */
export class SendLog {
  private readonly firstSend = new Map<string, number>();
  private readonly sendCount = new Map<string, number>();
  sends = 0;
  otherCalls = 0;

  private constructor(readonly graph: FakeGraph) {}

  static async start(): Promise<SendLog> {
    return new SendLog(await startFakeGraph({ autoStatuses: false }));
  }

  get url(): string {
    return this.graph.url;
  }

  /** Moves the fake's recorded requests into the log (the fake's own array is emptied so it stays small). */
  collect(): void {
    const batch = this.graph.requests.splice(0);
    for (const request of batch) {
      const body = request.body;
      if (request.method !== 'POST' || !request.path.endsWith('/messages') || body?.type !== 'text') {
        this.otherCalls++;
        continue;
      }
      this.sends++;
      for (const token of tokensIn(String(body.text?.body ?? ''))) {
        if (!this.firstSend.has(token)) this.firstSend.set(token, request.at);
        this.sendCount.set(token, (this.sendCount.get(token) ?? 0) + 1);
      }
    }
  }

  sentAt(token: string): number | undefined {
    return this.firstSend.get(token);
  }

  answered(tokens: Iterable<string>): number {
    let n = 0;
    for (const t of tokens) if (this.firstSend.has(t)) n++;
    return n;
  }

  /** Customer messages that got more than one reply. */
  duplicates(tokens: Iterable<string>): number {
    let n = 0;
    for (const t of tokens) if ((this.sendCount.get(t) ?? 0) > 1) n++;
    return n;
  }

  /** Forget everything recorded, between measures. */
  clear(): void {
    this.graph.reset();
    this.firstSend.clear();
    this.sendCount.clear();
    this.sends = 0;
    this.otherCalls = 0;
  }

  close(): Promise<void> {
    return this.graph.close();
  }
}
