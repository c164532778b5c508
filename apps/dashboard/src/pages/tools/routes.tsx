import type { RouteObject } from 'react-router';

const page = () => import('./ToolsPage').then((m) => ({ Component: m.ToolsPage }));

/** The tools area's pages, mounted inside the signed-in layout by App.tsx. One page; the tab is in the URL. */
export const toolsRoutes: RouteObject[] = [
  { path: 'tools', lazy: page },
  { path: 'tools/:tab', lazy: page },
];
