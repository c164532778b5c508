import { classifyGraphError, classifyGraphResponse, classifyStatusError } from './graph-errors';

const graph = (code: number, extra: Record<string, unknown> = {}) => ({
  error: { message: `(#${code}) Some title`, type: 'OAuthException', code, fbtrace_id: 'AbCdEfGhIjKlMnOpQrStUvW', ...extra },
});

describe('classifyGraphError', () => {
  it('classifies the §7 pair-rate-limit body as retryable and keeps subcode, trace id and details', () => {
    const body = graph(131056, {
      message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
      error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.' },
      error_subcode: 2494055,
    });
    expect(classifyGraphError(400, body)).toEqual({
      retryable: true,
      code: '131056',
      title: '(Business Account, Consumer Account) pair rate limit hit',
      details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
      closesServiceWindow: false,
      needsReconnect: false,
      subcode: '2494055',
      fbtraceId: 'AbCdEfGhIjKlMnOpQrStUvW',
    });
  });

  it.each([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057, 133004])('retries code %i', (code) => {
    expect(classifyGraphError(400, graph(code))).toMatchObject({ retryable: true, code: String(code), needsReconnect: false, closesServiceWindow: false });
  });

  it.each([3, 10, 100, 200, 294, 368, 130403, 130472, 130497, 131005, 131008, 131009, 131021, 131026, 131030, 131031, 131048, 131049, 131050, 131051, 131053, 131062, 132000, 132001, 132015, 133010, 135000])(
    'does not retry code %i',
    (code) => expect(classifyGraphError(400, graph(code)).retryable).toBe(false),
  );

  it('decides on the code, not the HTTP status: a throttle sent as 429 or 400 is the same', () => {
    expect(classifyGraphError(429, graph(130429)).retryable).toBe(true);
    expect(classifyGraphError(500, graph(131009)).retryable).toBe(false);
  });

  it('asks for a reconnect on the real invalid-token response (fixture error-response-190)', () => {
    const body = { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'Azr7Sq738VC5zzOnPvZzPwj' } };
    expect(classifyGraphError(401, body)).toMatchObject({ retryable: false, needsReconnect: true, code: '190', details: 'Invalid OAuth access token - Cannot parse access token' });
  });

  it('accepts the bare inner error object (fixture error-object-190, expired token, subcode 463)', () => {
    const inner = { message: 'Error validating access token: Session has expired on Friday, 26-Apr-24 06:00:00 PDT.', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'ACEyrTehk6IAd0lm05Ixogh' };
    expect(classifyGraphError(400, inner)).toMatchObject({ needsReconnect: true, subcode: '463', title: inner.message });
    expect(classifyGraphError(401, graph(0)).needsReconnect).toBe(true);
  });

  it('marks 131047 as closing the service window, synchronously too', () => {
    expect(classifyGraphError(400, graph(131047, { message: '(#131047) Re-engagement message' }))).toMatchObject({
      retryable: false,
      closesServiceWindow: true,
      title: 'Re-engagement message',
    });
  });

  it("keeps Meta's title for known and unknown codes, and its details (null when Meta gave none)", () => {
    expect(classifyGraphError(400, graph(131026, { message: '(#131026) Message undeliverable', error_data: { details: 'Recipient cannot be reached' } }))).toMatchObject({
      code: '131026', title: 'Message undeliverable', details: 'Recipient cannot be reached', retryable: false,
    });
    expect(classifyGraphError(400, graph(999999, { message: '(#999999) Brand new failure' }))).toMatchObject({ retryable: false, code: '999999', title: 'Brand new failure' });
    expect(classifyGraphError(400, graph(999998, { error_user_title: 'Friendly', message: 'x' })).title).toBe('Friendly');
  });

  it("falls back to the platform's text when Meta sent no title, and always carries details", () => {
    expect(classifyGraphError(400, { error: { code: 131056 } })).toEqual({
      retryable: true, code: '131056', title: 'Too many messages to this user in a short time; will retry after a pause', details: null,
      closesServiceWindow: false, needsReconnect: false, subcode: undefined, fbtraceId: undefined,
    });
    expect(classifyGraphError(undefined, undefined).details).toBeNull();
    expect(classifyGraphError(404, { nope: true }).details).toBeNull();
  });

  it('treats no response (network error) and code-less 5xx/429 as retryable, code-less 4xx as permanent', () => {
    expect(classifyGraphError(undefined, undefined)).toMatchObject({ retryable: true, code: 'network' });
    expect(classifyGraphError(502, '<html>Bad Gateway</html>')).toMatchObject({ retryable: true, code: 'http_502', details: '<html>Bad Gateway</html>' });
    expect(classifyGraphError(503, {})).toMatchObject({ retryable: true, code: 'http_503' });
    expect(classifyGraphError(429, null).retryable).toBe(true);
    expect(classifyGraphError(404, { nope: true })).toMatchObject({ retryable: false, code: 'http_404', needsReconnect: false });
  });
});

describe('classifyStatusError', () => {
  it('classifies the failed-status 131047 from the webhook (fixture status-error-object-131047)', () => {
    const error = { code: '131047', title: 'Re-engagement message', details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' };
    expect(classifyStatusError(error)).toEqual({
      retryable: false,
      code: '131047',
      title: 'Re-engagement message',
      details: error.details,
      closesServiceWindow: true,
      needsReconnect: false,
    });
  });

  it('classifies 131053 media upload errors as permanent and 131000 as retryable', () => {
    expect(classifyStatusError({ code: '131053', title: 'Media upload error', details: 'Downloading media from weblink failed with http code 429' })).toMatchObject({ retryable: false, closesServiceWindow: false });
    expect(classifyStatusError({ code: '131000', title: 'Something went wrong' }).retryable).toBe(true);
  });

  it("uses the provider's title for unknown codes, the platform's when the title is empty", () => {
    expect(classifyStatusError({ code: '130999', title: 'Something new' })).toMatchObject({ title: 'Something new', retryable: false, details: null });
    expect(classifyStatusError({ code: '131050', title: '' }).title).toBe('The user has stopped marketing messages from this business');
  });
});

describe('classifyGraphResponse', () => {
  it('turns an address-policy refusal into a permanent, non-Meta failure naming the reason', () => {
    expect(classifyGraphResponse({ refused: 'address 169.254.169.254 is a link-local / cloud metadata address' })).toMatchObject({
      retryable: false, code: 'forbidden_address', title: expect.stringContaining('OUTBOUND_ALLOWED_HOSTS'), details: expect.stringContaining('169.254.169.254'),
    });
  });

  it('treats a network error as retryable and ignores any body, and classifies HTTP answers by their body', () => {
    expect(classifyGraphResponse({ networkError: 'ECONNREFUSED', body: { error: { code: 100 } } })).toMatchObject({ retryable: true, code: 'network' });
    expect(classifyGraphResponse({ status: 400, body: graph(131009) })).toMatchObject({ retryable: false, code: '131009', title: 'Some title' });
  });
});

describe('retry-after of a throttled send', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');

  it('takes an HTTP 429 Retry-After in seconds or as an HTTP date, with or without a code in the body', () => {
    expect(classifyGraphResponse({ status: 429, body: graph(130429), retryAfter: '7' }, now)).toMatchObject({ retryable: true, code: '130429', retryAfterMs: 7000 });
    expect(classifyGraphResponse({ status: 429, body: '', retryAfter: 'Sun, 06 Dec 2026 12:00:30 GMT' }, now)).toMatchObject({ retryable: true, code: 'http_429', retryAfterMs: 30_000 });
  });

  it.each([
    [130429, 1_000],
    [131056, 4_000],
    [4, 60_000],
    [613, 60_000],
    [80007, 60_000],
  ])('code %i without a header waits its rate window (%i ms)', (code, wait) => {
    expect(classifyGraphResponse({ status: 400, body: graph(code) }, now)).toMatchObject({ retryable: true, retryAfterMs: wait });
  });

  it('says nothing of a wait for other retryable failures, and never for permanent ones', () => {
    expect(classifyGraphResponse({ status: 500, body: graph(131000) }, now).retryAfterMs).toBeUndefined();
    expect(classifyGraphResponse({ networkError: 'ECONNRESET' }, now).retryAfterMs).toBeUndefined();
    expect(classifyGraphResponse({ status: 400, body: graph(131047), retryAfter: '5' }, now)).toMatchObject({ retryable: false });
    expect(classifyGraphResponse({ status: 400, body: graph(131047), retryAfter: '5' }, now).retryAfterMs).toBeUndefined();
  });
});
