import type { RouteObject } from 'react-router';

/** The assistants area's pages, mounted inside the signed-in layout by App.tsx. The editor loads with its page. */
export const assistantsRoutes: RouteObject[] = [
  { path: 'assistants', lazy: () => import('./AssistantsPage').then((m) => ({ Component: m.AssistantsPage })) },
  { path: 'assistants/:id', lazy: () => import('./AssistantEditPage').then((m) => ({ Component: m.AssistantEditPage })) },
];
