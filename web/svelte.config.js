// Default options; the file exists so vite-plugin-svelte does not warn about a missing config.
export default {};
