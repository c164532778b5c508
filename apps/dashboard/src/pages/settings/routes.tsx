import type { RouteObject } from 'react-router';

/** The settings area's pages, mounted inside the signed-in layout by App.tsx. */
export const settingsRoutes: RouteObject[] = [];
