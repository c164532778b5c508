import type { RouteObject } from 'react-router';

/** The tools area's pages, mounted inside the signed-in layout by App.tsx. */
export const toolsRoutes: RouteObject[] = [];
