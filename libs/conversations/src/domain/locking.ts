import { LockMode } from '@mikro-orm/core';

/**
 * Conversation rows carry counters and totals that concurrent messages update; every write path locks the row
 * first so two transactions never overwrite each other's increments.
 */
export const FOR_UPDATE = { lockMode: LockMode.PESSIMISTIC_WRITE } as const;
