import { join } from 'node:path';

/**
 * Real webhook and response payloads published by open-source WhatsApp libraries (sources in the folder's
 * README), kept in the repository so parser and end-to-end tests run on any fresh clone.
 */
export const WHATSAPP_FIXTURES_DIR = process.env.WHATSAPP_FIXTURES_DIR ?? join(__dirname, '../../fixtures/whatsapp');
