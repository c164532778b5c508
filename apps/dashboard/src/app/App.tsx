import { MantineProvider, localStorageColorSchemeManager } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { queryClient } from '../api/query-client';
import { InvitePage } from '../auth/InvitePage';
import { LoginPage } from '../auth/LoginPage';
import { RequireSession } from '../auth/RequireSession';
import { SessionProvider } from '../auth/session-context';
import { ChatsPage } from '../chats/ChatsPage';
import { AppLayout } from '../layout/AppLayout';
import { NotFoundPage } from '../pages/NotFoundPage';
import { PlaceholderPage } from '../pages/PlaceholderPage';
import { cssVariablesResolver, theme } from './theme';

const colorSchemeManager = localStorageColorSchemeManager({ key: 'confab.colorScheme' });

// Routes for the conversation view, metrics, monitoring and test chat are fixed here; their pages come next.
const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/invite/:token', element: <InvitePage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <Navigate to="/chats" replace /> },
          { path: 'chats', element: <ChatsPage /> },
          { path: 'chats/:id', element: <PlaceholderPage titleKey="pages.conversation" /> },
          { path: 'metrics', element: <PlaceholderPage titleKey="pages.metrics" /> },
          { path: 'monitoring', element: <PlaceholderPage titleKey="pages.monitoring" /> },
          { path: 'test-chat', element: <PlaceholderPage titleKey="pages.testChat" /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} colorSchemeManager={colorSchemeManager} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
