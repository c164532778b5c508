import type { RouteObject } from 'react-router';

/** The channels area's pages, mounted inside the signed-in layout by App.tsx. */
export const channelsRoutes: RouteObject[] = [];
