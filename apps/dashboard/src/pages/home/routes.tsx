import { Navigate, type RouteObject } from 'react-router';

/** The home page, mounted inside the signed-in layout by App.tsx. */
export const homeRoutes: RouteObject[] = [{ index: true, element: <Navigate to="/chats" replace /> }];
