/** Vite bundles imported stylesheets into the build's CSS files. */
declare module '*.css';
