import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import type { SignedMessage } from './messages';

export interface Offered {
  token: string;
  /** Wall-clock ms when the webhook was due (open loop: its scheduled time, so a slow server cannot hide queueing). */
  webhookAt: number;
}

/** POST one signed webhook; resolves with the HTTP status (0 when the request failed). */
function post(agent: Agent, url: string, message: SignedMessage): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent, timeout: 30_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(message.raw), 'x-hub-signature-256': message.signature } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(message.raw);
  });
}

/** P1: closed loop, `connections` keep-alive connections each posting a new signed message as soon as the last is answered. */
export async function closedLoop(url: string, connections: number, seconds: number, next: () => SignedMessage): Promise<{ perSecond: number; failed: number; p99: number }> {
  const target = new URL(url);
  const result = await autocannon({
    url: target.origin,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: target.pathname,
        setupRequest: (req) => {
          const message = next();
          return { ...req, body: message.raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': message.signature } };
        },
      },
    ],
  });
  return { perSecond: result['2xx'] / result.duration, failed: result.non2xx + result.errors + result.timeouts, p99: result.latency.p99 };
}

export interface OpenLoopResult {
  offered: Offered[];
  /** Webhook answer time in ms from the scheduled send, first deliveries only. */
  ackMs: number[];
  failed: number;
  redelivered: number;
}

/**
 * Open loop at a fixed arrival rate: message i is due at i/rate seconds whatever the server does (latency is
 * measured from the due time). A share of messages is posted a second time 100-300 ms later, as Meta redelivers.
 * `offered` fills while it runs, so a caller can sample the backlog mid-window.
 */
export function openLoop(url: string, rate: number, seconds: number, next: () => SignedMessage, redeliverShare = 0): { result: Promise<OpenLoopResult>; offered: Offered[] } {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const offered: Offered[] = [];
  const ackMs: number[] = [];
  const pending: Array<Promise<unknown>> = [];
  let failed = 0;
  let redelivered = 0;
  // Why webhooks were not accepted (HTTP status, 0 for a connection error or timeout), printed after the window.
  const failures = new Map<number, number>();
  const fail = (status: number) => {
    failed++;
    failures.set(status, (failures.get(status) ?? 0) + 1);
  };
  const total = Math.max(1, Math.round(rate * seconds));
  const redeliverEvery = redeliverShare > 0 ? Math.round(1 / redeliverShare) : 0;

  const fire = (i: number, dueMono: number, dueWall: number) => {
    const message = next();
    offered.push({ token: message.token, webhookAt: dueWall });
    pending.push(
      post(agent, url, message).then((status) => {
        if (status >= 200 && status < 300) ackMs.push(performance.now() - dueMono);
        else fail(status);
      }),
    );
    if (redeliverEvery && i % redeliverEvery === redeliverEvery - 1) {
      redelivered++;
      pending.push(
        new Promise((r) => setTimeout(r, 100 + Math.random() * 200))
          .then(() => post(agent, url, message))
          .then((status) => {
            if (status < 200 || status >= 300) fail(status);
          }),
      );
    }
  };

  const result = (async () => {
    const startMono = performance.now();
    const startWall = Date.now();
    let i = 0;
    while (i < total) {
      const elapsed = performance.now() - startMono;
      while (i < total && (i * 1000) / rate <= elapsed) {
        const offset = (i * 1000) / rate;
        fire(i, startMono + offset, startWall + offset);
        i++;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(pending);
    agent.destroy();
    if (failures.size) process.stderr.write(`  webhooks not accepted, by HTTP status (0: no answer): ${JSON.stringify(Object.fromEntries(failures))}\n`);
    return { offered, ackMs, failed, redelivered };
  })();
  return { result, offered };
}
