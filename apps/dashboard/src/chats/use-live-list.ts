import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';

export type LiveState = 'connecting' | 'live' | 'polling';

/**
 * Follows the tenant's live feed (GET /api/v1/live, Server-Sent Events with the session cookie) and refreshes the
 * list when a message arrives or a conversation changes. Bursts are coalesced to one refresh a second. If the feed
 * cannot be kept open, the caller polls instead (state 'polling'); EventSource keeps retrying meanwhile.
 */
export function useLiveList(): { state: LiveState; lastEventAt: number | null } {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  const [lastEventAt, setLastEventAt] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const source = new EventSource('/api/v1/live');
    let failures = 0;
    const refresh = () => {
      setLastEventAt(Date.now());
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void queryClient.invalidateQueries({ queryKey: ['conversations'] });
      }, 1_000);
    };
    source.onopen = () => {
      failures = 0;
      setState('live');
    };
    source.onerror = () => {
      failures += 1;
      if (failures >= 2 || source.readyState === EventSource.CLOSED) setState('polling');
    };
    source.addEventListener('message.created', refresh);
    source.addEventListener('conversation.updated', refresh);
    return () => {
      source.close();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [queryClient]);

  return { state, lastEventAt };
}
