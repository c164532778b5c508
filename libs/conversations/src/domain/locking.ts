import { LockMode } from '@mikro-orm/core';

/**
 * Conversation rows carry counters and totals, and message rows carry metadata (reactions, delivery, fees), that
 * concurrent webhooks and jobs update; every write path locks the row first so no transaction overwrites another's
 * change. Order: message before conversation wherever both are locked.
 */
export const FOR_UPDATE = { lockMode: LockMode.PESSIMISTIC_WRITE } as const;
