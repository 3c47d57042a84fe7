import { createTheme, type CSSVariablesResolver } from '@mantine/core';

// Shade 8 of indigo on white passes WCAG AA for text and filled buttons (>= 4.5:1);
// Mantine's default shade 6 does not.
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 5 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Noto Sans JP", "Noto Sans KR", "Hiragino Sans", "Apple SD Gothic Neo", "Meiryo", "Malgun Gothic", sans-serif',
  headings: { fontWeight: '700' },
});

// Mantine's dimmed text (gray 6, 3.3:1) and error text (red 6, 3.3:1) fail WCAG AA on white;
// gray 7 and red 8 pass comfortably.
export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057',
    '--mantine-color-error': t.colors.red[8] ?? '#e03131',
  },
  dark: {},
});
