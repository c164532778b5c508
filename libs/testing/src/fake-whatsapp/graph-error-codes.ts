/**
 * Titles and details per Cloud API error code, worded like Meta's error-code page so code that logs or shows them
 * sees realistic text. HTTP statuses follow the older Meta table (WHATSAPP.md §7): throttling is 400, never 429.
 */
interface CodeInfo {
  title: string;
  details?: string;
  http?: number;
  subcode?: number;
}

const CODES: Record<number, CodeInfo> = {
  0: { title: 'AuthException', details: 'We were unable to authenticate the app user.', http: 401 },
  1: { title: 'API Unknown', details: 'Invalid request or possible server error.' },
  2: { title: 'API Service', details: 'Temporary due to downtime or due to being overloaded.', http: 503 },
  3: { title: 'API Method', details: 'Capability or permissions issue.', http: 500 },
  4: { title: 'API Too Many Calls', details: 'The app has reached its API call rate limit.' },
  10: { title: 'Permission Denied', details: 'Permission is either not granted or has been removed.', http: 403 },
  100: {
    title: 'Invalid parameter',
    details: 'The request included one or more unsupported or misspelled parameters.',
  },
  190: { title: 'Access token has expired', details: 'Your access token has expired.', http: 401, subcode: 463 },
  200: { title: 'Permission error', http: 403 },
  368: { title: 'Temporarily blocked for policies violations', http: 403 },
  80007: { title: 'Rate limit issues', details: 'The WhatsApp Business Account has reached its rate limit.' },
  130403: { title: 'Recipient blocked', details: 'The business has blocked this user.' },
  130429: {
    title: 'Rate limit hit',
    details: "Cloud API message throughput has been reached. The app has reached the API's throughput limit.",
  },
  130472: {
    title: "User's number is part of an experiment",
    details: "Failed to send message because this user's phone number is part of an experiment",
  },
  130497: { title: 'Business account is restricted from messaging users in this country', http: 403 },
  131000: { title: 'Something went wrong', details: 'Message failed to send due to an unknown error.', http: 500 },
  131005: { title: 'Access denied', details: 'Permission is either not granted or has been removed.', http: 403 },
  131008: { title: 'Required parameter is missing', details: 'The request is missing a required parameter.' },
  131009: { title: 'Parameter value is not valid', details: 'One or more parameter values are invalid.' },
  131016: { title: 'Service unavailable', details: 'A service is temporarily unavailable.', http: 500 },
  131021: { title: 'Recipient cannot be sender', details: 'Sender and recipient phone number is the same.' },
  131026: {
    title: 'Message undeliverable',
    details: 'Unable to deliver message. Reasons can include: the recipient is not on WhatsApp or has blocked you.',
  },
  131030: {
    title: 'Recipient phone number not in allowed list',
    details: 'Recipient phone number not in allowed list.',
  },
  131031: { title: 'Account has been locked', http: 403 },
  131037: { title: 'WhatsApp provided number needs display name approval before message can be sent.' },
  131042: {
    title: 'Business eligibility payment issue',
    details: 'There was an error related to your payment method.',
  },
  131045: {
    title: 'Incorrect certificate',
    details: 'Message failed to send due to a phone number registration error.',
  },
  131047: {
    title: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131048: {
    title: 'Spam rate limit hit',
    details:
      'Message failed to send because there are restrictions on how many messages can be sent from this phone number.',
  },
  131049: {
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  },
  131050: {
    title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
  },
  131051: { title: 'Unsupported message type', details: 'Unsupported message type.' },
  131052: { title: 'Media download error', details: 'Unable to download the media sent by the user.' },
  131053: { title: 'Media upload error', details: 'Unable to upload the media used in the message.' },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details:
      'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
    subcode: 2494055,
  },
  131057: { title: 'Account in maintenance mode', details: 'Business Account is in maintenance mode.', http: 500 },
  131062: {
    title: 'Business-scoped user ID recipients not supported',
    details: 'This message type cannot be sent to a business-scoped user ID.',
  },
  132000: { title: 'Number of parameters does not match the expected number of params' },
  132001: { title: 'Template name does not exist in the translation', http: 404 },
  132005: { title: 'Translated text too long', details: 'Translated text is too long.' },
  132007: {
    title: 'Template Format Character Policy Violated',
    details: 'Template content violates a WhatsApp policy.',
  },
  132012: { title: 'Template Parameter Format Mismatch', details: 'Variable parameter values formatted incorrectly.' },
  132015: {
    title: 'Template is Paused',
    details: 'Template is paused due to low quality so it cannot be sent in a template message.',
  },
  132016: {
    title: 'Template is Disabled',
    details: 'Template has been paused too many times due to low quality and is now permanently disabled.',
  },
  132068: { title: 'Flow is in blocked state', details: 'Flow is in blocked state.' },
  132069: {
    title: 'Flow is in throttled state',
    details: 'Flow is in throttled state and 10 messages using this flow were already sent in the last hour.',
  },
  133004: { title: 'Server Temporarily Unavailable', details: 'Server is temporarily unavailable.', http: 503 },
  133010: {
    title: 'Phone number Not Registered',
    details: 'Phone number not registered on the Whatsapp Business Platform.',
  },
  135000: {
    title: 'Generic user error',
    details: 'Message failed to send because of an unknown error with your request parameters.',
  },
};

export function codeInfo(code: number): Required<Pick<CodeInfo, 'title' | 'details' | 'http'>> & { subcode?: number } {
  const info = CODES[code];
  const title = info?.title ?? `Error ${code}`;
  return { title, details: info?.details ?? title, http: info?.http ?? 400, subcode: info?.subcode };
}
