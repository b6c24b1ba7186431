/** The few text styles the chat client uses; plain pass-through when colours are off (pipes, NO_COLOR). */
export interface Style {
  dim(text: string): string;
  bold(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURED: Style = {
  dim: wrap(2, 22),
  bold: wrap(1, 22),
  red: wrap(31, 39),
  cyan: wrap(36, 39),
  green: wrap(32, 39),
};

const identity = (text: string) => text;
const PLAIN: Style = { dim: identity, bold: identity, red: identity, cyan: identity, green: identity };

export function createStyle(enabled: boolean): Style {
  return enabled ? COLOURED : PLAIN;
}

/** Colours only on a terminal, and never when the user asked for none (https://no-color.org). */
export function coloursWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}
