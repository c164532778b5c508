import { useEffect, useRef, useState } from 'react';

export interface LiveEventMessage {
  type: string;
  id: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- shape per contract A, read by each handler
}

const EVENT_TYPES = ['typing', 'reply.delta', 'message.created', 'message.status', 'conversation.updated'];

/**
 * Subscribes to a Server-Sent Events feed of the live channel (contract A). EventSource reconnects by itself and
 * sends Last-Event-ID, so the server resumes where the connection dropped. `connected` is false while the feed is
 * unavailable (an older server, a proxy that buffers): callers then poll instead.
 */
export function useLiveEvents(url: string | null, onEvent: (event: LiveEventMessage) => void): { connected: boolean } {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!url || typeof EventSource === 'undefined') return;
    const source = new EventSource(url, { withCredentials: true });
    let failures = 0;
    source.onopen = () => {
      failures = 0;
      setConnected(true);
    };
    source.onerror = () => {
      setConnected(false);
      // A feed that fails to open three times in a row is not there (404/401): stop hammering it and poll.
      if (++failures >= 3) source.close();
    };
    const listeners = EVENT_TYPES.map((type) => {
      const listener = (e: MessageEvent) => {
        let data: unknown = null;
        try {
          data = JSON.parse(e.data);
        } catch {
          return;
        }
        handler.current({ type, id: e.lastEventId, data });
      };
      source.addEventListener(type, listener as EventListener);
      return [type, listener] as const;
    });
    return () => {
      listeners.forEach(([type, l]) => source.removeEventListener(type, l as EventListener));
      source.close();
      setConnected(false);
    };
  }, [url]);
  return { connected };
}
