import type { RouteObject } from 'react-router';
import { HomePage } from './HomePage';

/** The home page, mounted inside the signed-in layout by App.tsx. */
export const homeRoutes: RouteObject[] = [{ index: true, element: <HomePage /> }];
