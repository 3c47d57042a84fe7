// Mantine's PostCSS preset: rem()/em() helpers, light-dark(), and the breakpoint mixins used in *.module.css.
module.exports = {
  plugins: {
    'postcss-preset-mantine': {},
  },
};
