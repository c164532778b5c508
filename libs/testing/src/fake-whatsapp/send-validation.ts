import { graphError, invalidParam, type GraphError } from './graph-errors';
import { digitsOrId } from './notifications';
import { checkTemplateSend } from './templates';
import type { FakeTemplate } from './fake-graph.types';

export const MAX_TEXT_CHARS = 4096;
const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'];

export type SendDecision =
  | { kind: 'read'; messageId: string; typingIndicator?: unknown }
  | {
      kind: 'send';
      /** `to` as given, or the BSUID for `recipient` sends. */
      to: string;
      recipient?: string;
      /** Digits of the number or the BSUID: the key of the customer-service window. */
      customerKey: string;
      type: string;
      template?: FakeTemplate;
    }
  | { kind: 'error'; error: GraphError };

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';
const error = (e: GraphError): SendDecision => ({ kind: 'error', error: e });

/** Sorts a POST /messages body into mark-read/typing, a send to accept, or the Graph error Meta would return. */
export function classifyMessagesBody(body: unknown, templates: FakeTemplate[], ownNumber: string): SendDecision {
  if (!isObject(body) || body.messaging_product === undefined) {
    return error(invalidParam('The parameter messaging_product is required.'));
  }
  if (body.messaging_product !== 'whatsapp') {
    const got = String(body.messaging_product);
    return error(invalidParam(`Param messaging_product must be one of {WHATSAPP} - got "${got}".`));
  }
  if (body.status !== undefined) return classifyStatusUpdate(body);

  const to = body.to;
  const recipient = body.recipient;
  if (!isText(to) && !isText(recipient)) return error(invalidParam('The parameter to is required.'));
  if (isText(to) && !/^\+?[\d\s()-]{5,25}$/.test(to)) {
    return error(graphError(131009, { details: `The parameter to (${to}) is not a valid phone number.` }));
  }
  const customerKey = digitsOrId(isText(to) ? to : (recipient as string));
  if (customerKey === ownNumber) return error(graphError(131021));

  const type = body.type ?? 'text';
  const invalid = validateContent(type, body);
  if (invalid) return error(invalid);
  let template: FakeTemplate | undefined;
  if (type === 'template') {
    const check = checkTemplateSend(templates, body.template);
    if (!check.ok) return error(check.error);
    template = check.template;
  }
  return {
    kind: 'send',
    to: isText(to) ? to : (recipient as string),
    ...(isText(recipient) ? { recipient } : {}),
    customerKey,
    type,
    template,
  };
}

function classifyStatusUpdate(body: Record<string, any>): SendDecision {
  if (body.status !== 'read') {
    return error(invalidParam(`Param status must be one of {READ} - got "${String(body.status)}".`));
  }
  if (!isText(body.message_id)) return error(invalidParam('The parameter message_id is required.'));
  const typing = body.typing_indicator;
  if (typing !== undefined && (!isObject(typing) || typing.type !== 'text')) {
    return error(invalidParam("Param typing_indicator['type'] must be one of {TEXT}."));
  }
  return { kind: 'read', messageId: body.message_id, ...(typing === undefined ? {} : { typingIndicator: typing }) };
}

/** Shape checks per message type; template existence and parameters are checked separately. */
function validateContent(type: unknown, body: Record<string, any>): GraphError | undefined {
  if (typeof type !== 'string') return invalidParam('Param type must be a string.');
  const content = body[type];
  if (type === 'text') {
    if (!isObject(content) || typeof content.body !== 'string' || content.body === '') {
      return invalidParam("The parameter text['body'] is required.");
    }
    // Meta counts characters, not UTF-16 units, so an emoji counts once.
    if ([...content.body].length > MAX_TEXT_CHARS) {
      return invalidParam(`Param text['body'] must be at most ${MAX_TEXT_CHARS} characters long.`);
    }
    return undefined;
  }
  if (type === 'template') return isObject(content) ? undefined : invalidParam('The parameter template is required.');
  if (MEDIA_TYPES.includes(type)) {
    if (!isObject(content) || (!isText(content.id) && !isText(content.link))) {
      return invalidParam(`The parameter ${type}['link'] or ${type}['id'] is required.`);
    }
    return undefined;
  }
  if (type === 'reaction') {
    const ok = isObject(content) && isText(content.message_id);
    return ok ? undefined : invalidParam("The parameter reaction['message_id'] is required.");
  }
  if (type === 'interactive') return validateInteractive(content);
  if (type === 'location') {
    const ok = isObject(content) && content.latitude !== undefined && content.longitude !== undefined;
    return ok ? undefined : invalidParam("The parameter location['latitude'] is required.");
  }
  if (type === 'contacts') {
    return Array.isArray(content) ? undefined : invalidParam('The parameter contacts is required.');
  }
  return graphError(131051, { details: `Message type ${type} is not currently supported.` });
}

function validateInteractive(content: unknown): GraphError | undefined {
  if (!isObject(content) || !isText(content.type)) {
    return invalidParam("The parameter interactive['type'] is required.");
  }
  if (!isObject(content.action)) return invalidParam("The parameter interactive['action'] is required.");
  const buttons = content.action.buttons;
  if (content.type === 'button' && (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3)) {
    return graphError(131009, { details: 'Number of buttons must be between 1 and 3.' });
  }
  return undefined;
}
