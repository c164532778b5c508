import type { RouteObject } from 'react-router';

/** The knowledge area's pages, mounted inside the signed-in layout by App.tsx. The drop zone loads with them only. */
export const knowledgeRoutes: RouteObject[] = [
  { path: 'knowledge', lazy: () => import('./KnowledgeBasesPage').then((m) => ({ Component: m.KnowledgeBasesPage })) },
  { path: 'knowledge/:id', lazy: () => import('./KnowledgeBasePage').then((m) => ({ Component: m.KnowledgeBasePage })) },
];
