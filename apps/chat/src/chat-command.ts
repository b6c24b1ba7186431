/** One line typed at the prompt, classified. */
export type ChatCommand =
  | { kind: 'empty' }
  | { kind: 'message'; text: string }
  | { kind: 'model'; name?: string }
  | { kind: 'models' }
  | { kind: 'new' }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'unknown'; command: string };

export const COMMAND_HELP = `Commands:
  /model NAME   switch to another model (the conversation continues)
  /model        show the current model
  /models       list the gateway's models
  /new          forget the conversation and start over
  /help         show this help
  /quit         leave (Ctrl-D works too)`;

export function parseCommand(line: string): ChatCommand {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  // "//text" sends a message that starts with a slash
  if (text.startsWith('//')) return { kind: 'message', text: text.slice(1) };
  if (!text.startsWith('/')) return { kind: 'message', text };
  const [command, ...rest] = text.split(/\s+/);
  const argument = rest.join(' ');
  switch (command.toLowerCase()) {
    case '/model':
      return argument ? { kind: 'model', name: argument } : { kind: 'model' };
    case '/models':
      return { kind: 'models' };
    case '/new':
    case '/clear':
      return { kind: 'new' };
    case '/help':
    case '/?':
      return { kind: 'help' };
    case '/quit':
    case '/exit':
    case '/q':
      return { kind: 'quit' };
    default:
      return { kind: 'unknown', command };
  }
}
