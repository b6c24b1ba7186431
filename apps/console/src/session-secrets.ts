/**
 * A key's secret the console was just shown (create or rotate), held in memory for the playground only: it is
 * never stored, and a reload forgets it, as the API shows a secret once.
 */
let lastSecret: { keyName: string; secret: string } | null = null;

export function rememberSecret(keyName: string, secret: string): void {
  lastSecret = { keyName, secret };
}

export function rememberedSecret(): { keyName: string; secret: string } | null {
  return lastSecret;
}
