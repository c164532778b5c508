import type { RouteObject } from 'react-router';
import { ChannelsPage } from './ChannelsPage';

/** The channels area's pages, mounted inside the signed-in layout by App.tsx. The forms load on first use. */
export const channelsRoutes: RouteObject[] = [
  { path: 'channels', element: <ChannelsPage /> },
  { path: 'channels/new/:type', lazy: () => import('./NewChannelPage').then((m) => ({ Component: m.NewChannelPage })) },
  { path: 'channels/:id', lazy: () => import('./ChannelPage').then((m) => ({ Component: m.ChannelPage })) },
];
