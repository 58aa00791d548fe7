// Bundles the browser test's harness page (React, @grafana/* and SystemJS included) for Chromium.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Build output under node_modules/.cache: ignored by git, ESLint and Prettier everywhere. */
export const buildDir = join(here, '..', '..', 'node_modules', '.cache', 'exowatch-harness');

export default {
  mode: 'development',
  devtool: false,
  entry: join(here, 'harness.tsx'),
  output: { path: buildDir, filename: 'harness.js' },
  cache: { type: 'filesystem', cacheDirectory: join(buildDir, 'cache') },
  resolve: { extensions: ['.tsx', '.ts', '.mjs', '.js'] },
  performance: { hints: false },
  module: {
    rules: [
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              parser: { syntax: 'typescript', tsx: true },
              target: 'es2020',
              transform: { react: { runtime: 'classic' } },
            },
          },
        },
      },
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      // @grafana/ui's .mjs files import CommonJS packages' default export (react-custom-scrollbars-2 in
      // CustomScrollbar, which Table uses): as plain JavaScript, webpack honours their __esModule flag.
      { test: /\.mjs$/, include: /node_modules/, type: 'javascript/auto' },
      { test: /\.css$/, use: ['style-loader', 'css-loader'] },
      { test: /\.(woff2?|ttf|eot|svg|png)$/, type: 'asset/resource' },
    ],
  },
};
