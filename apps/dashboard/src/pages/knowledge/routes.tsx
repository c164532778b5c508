import type { RouteObject } from 'react-router';

/** The knowledge area's pages, mounted inside the signed-in layout by App.tsx. */
export const knowledgeRoutes: RouteObject[] = [];
