import { MantineProvider, localStorageColorSchemeManager } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { queryClient } from '../api/query-client';
import { InvitePage } from '../auth/InvitePage';
import { LoginPage } from '../auth/LoginPage';
import { RequireSession } from '../auth/RequireSession';
import { SessionProvider } from '../auth/session-context';
import { ChatsPage } from '../chats/ChatsPage';
import { AppLayout } from '../layout/AppLayout';
import { NotFoundPage } from '../pages/NotFoundPage';
import { ConversationPage } from '../pages/conversation/ConversationPage';
import { MonitoringPage } from '../pages/monitoring/MonitoringPage';
import { TestChatPage } from '../pages/test-chat/TestChatPage';
import { assistantsRoutes } from '../pages/assistants/routes';
import { channelsRoutes } from '../pages/channels/routes';
import { knowledgeRoutes } from '../pages/knowledge/routes';
import { toolsRoutes } from '../pages/tools/routes';
import { settingsRoutes } from '../pages/settings/routes';
import { homeRoutes } from '../pages/home/routes';
import { cssVariablesResolver, theme } from './theme';

const colorSchemeManager = localStorageColorSchemeManager({ key: 'confab.colorScheme' });

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/invite/:token', element: <InvitePage /> },
  {
    element: <RequireSession />,
    children: [
      {
        element: <AppLayout />,
        children: [
          ...homeRoutes,
          { path: 'chats', element: <ChatsPage /> },
          { path: 'chats/:id', element: <ConversationPage /> },
          // The charts (echarts) load with the metrics page only, keeping them out of the first load.
          { path: 'metrics', lazy: () => import('../pages/metrics/MetricsPage').then((m) => ({ Component: m.MetricsPage })) },
          { path: 'monitoring', element: <MonitoringPage /> },
          { path: 'test-chat', element: <TestChatPage /> },
          ...assistantsRoutes,
          ...channelsRoutes,
          ...knowledgeRoutes,
          ...toolsRoutes,
          ...settingsRoutes,
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
