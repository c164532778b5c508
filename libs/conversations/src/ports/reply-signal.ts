/**
 * Signalled (PgSignals) with the conversation id after a reply of a channel with `syncReplies` committed, or its
 * messages were skipped: requests waiting on that conversation (ConversationRepliesAdapter) read again at once.
 */
export const REPLY_COMMITTED = 'confab_reply_committed';
