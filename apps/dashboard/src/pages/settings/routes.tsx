import { Navigate, type RouteObject } from 'react-router';
import { SettingsLayout } from './SettingsLayout';

/** The settings area's pages, mounted inside the signed-in layout by App.tsx; admins only (the layout says so to others). */
export const settingsRoutes: RouteObject[] = [
  {
    path: 'settings',
    element: <SettingsLayout />,
    children: [
      { index: true, element: <Navigate to="webhooks" replace /> },
      { path: 'webhooks', lazy: () => import('./webhooks/WebhooksPage').then((m) => ({ Component: m.WebhooksPage })) },
      { path: 'api-keys', lazy: () => import('./api-keys/ApiKeysPage').then((m) => ({ Component: m.ApiKeysPage })) },
      { path: 'team', lazy: () => import('./team/TeamPage').then((m) => ({ Component: m.TeamPage })) },
      { path: 'alerts', lazy: () => import('./alerts/AlertsPage').then((m) => ({ Component: m.AlertsPage })) },
      { path: 'budgets', lazy: () => import('./budgets/BudgetsPage').then((m) => ({ Component: m.BudgetsPage })) },
    ],
  },
];
