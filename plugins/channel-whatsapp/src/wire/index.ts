export { parseNotification, type ParseOptions } from './webhook-parser';
export type { ParsedEcho, ParsedInbound, ParsedNotification, ParsedStatus } from './parsed-notification';
export { splitForWhatsApp, toWhatsAppText } from './text-format';
export { classifyGraphError, classifyGraphResponse, classifyRefused, classifyStatusError, type GraphErrorClass } from './graph-errors';
export { isChargeable, priceTemplateMessage, WHATSAPP_PRICE_ROWS, type TemplateCategory, type TemplatePrice, type WhatsAppPriceRow } from './pricing';
