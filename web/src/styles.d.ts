// esbuild bundles imported stylesheets into app-<hash>.css; to TypeScript they are side effects.
declare module '*.css';
