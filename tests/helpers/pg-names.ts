// Names of the throwaway databases made from DATABASE_URL's database during a test run.
export function baseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
}

export function templateName(url: string): string {
  return `${baseName(url).replace(/\W/g, '_')}_tpl`;
}
