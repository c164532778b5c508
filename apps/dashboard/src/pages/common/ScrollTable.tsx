import { Box } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A wide table scrolls sideways on a narrow screen. The scrolling box can be focused (and named), so keyboard users
 * can scroll it too (axe: scrollable-region-focusable). `position: relative` keeps visually hidden cells (an
 * "Actions" header for screen readers is absolutely positioned) inside the box instead of widening the page.
 */
export function ScrollTable({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <Box role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto', position: 'relative' }}>
      <Box miw={minWidth}>{children}</Box>
    </Box>
  );
}
