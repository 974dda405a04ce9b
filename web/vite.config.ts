import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards API and probe calls to a locally running platform
// (`npm start` listens on 8080), so the browser only ever talks to one origin.
const platform = 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': platform,
      // Sign-in goes through the platform's OpenID provider on this same origin.
      '/oidc': platform,
      '/.well-known': platform,
      '/healthz': platform,
      '/readyz': platform,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB minified; it is loaded lazily with the map faces,
    // so the warning threshold is raised for that one known chunk.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/,
              priority: 30,
            },
            {
              name: 'maplibre',
              test: /node_modules[\\/](maplibre-gl|@maplibre)[\\/]/,
              priority: 20,
            },
            // Only the part of Ant Design the first screen (login) needs; components used by
            // a single face stay in that face's lazy chunk.
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|dayjs)[\\/]/,
              tags: ['$initial'],
              priority: 10,
            },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
