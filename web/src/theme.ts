import { createTheme, type MantineColorsTuple } from '@mantine/core';

// Parley's brand colour: a calm indigo-blue.
const brand: MantineColorsTuple = ['#eef0ff', '#dcdfff', '#b6bcfb', '#8d96f7', '#6b74f2', '#5660ef', '#4b55ee', '#3c46d4', '#343ebe', '#2835a8'];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: 6,
  colors: { brand },
  fontFamily: 'Inter, "Segoe UI", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", Arial, "Liberation Sans", "Noto Sans", system-ui, sans-serif',
  headings: { fontFamily: 'Inter, "Segoe UI", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", Arial, "Liberation Sans", "Noto Sans", system-ui, sans-serif', fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    TextInput: { defaultProps: { radius: 'md' } },
    InputWrapper: { styles: { label: { fontWeight: 500, marginBottom: 4 } } },
    Badge: { defaultProps: { radius: 'sm' } },
    Modal: { defaultProps: { radius: 'lg', overlayProps: { backgroundOpacity: 0.35, blur: 2 } } },
    Paper: { defaultProps: { radius: 'lg' } },
    Menu: { defaultProps: { radius: 'md', shadow: 'md' } },
    Tooltip: { defaultProps: { openDelay: 300 } },
  },
});
