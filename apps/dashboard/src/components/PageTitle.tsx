import { useEffect } from 'react';
import { Title } from '@mantine/core';

/** The page's heading and the browser tab's title, so every page has one h1 and a distinct title. */
export function PageTitle({ children, actions }: { children: string; actions?: React.ReactNode }) {
  useEffect(() => {
    document.title = `${children} · Confab`;
  }, [children]);
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', justifyContent: 'space-between', marginBottom: 16 }}>
      <Title order={1} size="h2">{children}</Title>
      {actions}
    </div>
  );
}
