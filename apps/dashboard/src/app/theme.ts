import { createTheme, darken, type CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Darker shades keep white text on filled buttons and badges above 4.5:1 contrast (axe, WCAG AA).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});

/**
 * Mantine's default "dimmed" grey is 3.3:1 on white; secondary text must still be readable (4.5:1). The same goes
 * for light badges and alerts (shade 9 on shade 1 is about 3.8:1 for green and teal) and outline badges (shade 8
 * on white), and coloured text on tinted message bubbles: their text is darkened in the light scheme.
 */
const TINTED = ['gray', 'red', 'pink', 'grape', 'violet', 'indigo', 'blue', 'cyan', 'teal', 'green', 'lime', 'yellow', 'orange'] as const;
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7],
    // Field errors are red-6 by default (3.6:1 on white); shade 8 reads at 4.5:1.
    '--mantine-color-error': t.colors.red[8],
    ...Object.fromEntries(TINTED.flatMap((c) => [
      [`--mantine-color-${c}-light-color`, darken(t.colors[c][9], 0.3)],
      [`--mantine-color-${c}-text`, darken(t.colors[c][9], 0.3)],
      [`--mantine-color-${c}-outline`, darken(t.colors[c][9], 0.2)],
    ])),
  },
  // Error text (a field's problem, an invalid input's text) in Mantine's red 8 is 3.8:1 on the dark body; red 4 is over 6:1.
  dark: { '--mantine-color-dimmed': t.colors.dark[1], '--mantine-color-error': t.colors.red[4] },
});
