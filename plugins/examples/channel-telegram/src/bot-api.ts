import { safeFetch, SafeFetchError, type AllowedHost } from '@confab/net';
import type { SendResult } from '@confab/plugin-sdk';

/** What every Bot API method answers (https://core.telegram.org/bots/api#making-requests). */
interface BotApiAnswer {
  ok: boolean;
  result?: { message_id?: number };
  error_code?: number;
  description?: string;
  /** On 429: `retry_after`, the seconds to wait before the next request. */
  parameters?: { retry_after?: number };
}

export interface BotApiTarget {
  baseUrl: string;
  token: string;
  allowedHosts: readonly AllowedHost[];
}

/** POST /bot<token>/sendMessage, as a SendResult: a failure is data, never a throw. */
export async function sendMessage(target: BotApiTarget, chatId: string, text: string): Promise<SendResult> {
  const url = `${target.baseUrl.replace(/\/$/, '')}/bot${target.token}/sendMessage`;
  let status: number;
  let answer: BotApiAnswer;
  try {
    // The token is in the path; SafeFetchError messages name the host only, so it never reaches a log.
    const res = await safeFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: chatId, text }),
      timeoutMs: 10_000,
      maxBytes: 65_536,
      maxRedirects: 0,
      allowedHosts: target.allowedHosts,
    });
    status = res.status;
    answer = JSON.parse(res.body) as BotApiAnswer;
  } catch (err) {
    if (err instanceof SafeFetchError && (err.code === 'FORBIDDEN_ADDRESS' || err.code === 'BAD_URL')) {
      return { ok: false, retryable: false, providerCode: 'TELEGRAM_FORBIDDEN_URL', reason: `The Bot API URL is not allowed: ${err.message}` };
    }
    const reason = err instanceof SafeFetchError ? err.message : 'the Bot API answered something that is not JSON';
    return { ok: false, retryable: true, providerCode: 'TELEGRAM_UNREACHABLE', reason: `The Bot API could not be reached: ${reason}` };
  }
  if (answer.ok && typeof answer.result?.message_id === 'number') return { ok: true, providerMessageId: `${chatId}:${answer.result.message_id}` };
  const code = answer.error_code ?? status;
  const description = answer.description ?? `HTTP ${status}`;
  if (code === 429) {
    const retryAfter = answer.parameters?.retry_after;
    // The send job waits as long as Telegram asks (at least its own backoff), instead of retrying within milliseconds.
    return {
      ok: false, retryable: true, providerCode: 'TELEGRAM_429', reason: `Telegram rate limit: ${description}`,
      ...(typeof retryAfter === 'number' && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
  // 5xx is Telegram's trouble and passes; 400 (bad chat), 401 (revoked token) and 403 (the customer blocked the bot) do not.
  return { ok: false, retryable: code >= 500, providerCode: `TELEGRAM_${code}`, reason: description };
}
