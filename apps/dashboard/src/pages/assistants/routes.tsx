import type { RouteObject } from 'react-router';

/** The assistants area's pages, mounted inside the signed-in layout by App.tsx. */
export const assistantsRoutes: RouteObject[] = [];
