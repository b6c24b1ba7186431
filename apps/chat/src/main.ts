import { createInterface } from 'node:readline/promises';
import { coloursWanted, createStyle } from './ansi';
import { USAGE, parseChatArgs } from './chat-options';
import { ChatSession } from './chat-session';
import { chooseModel } from './choose-model';
import { Conversation } from './conversation';
import { describeError } from './describe-error';
import { OpenAIChatGateway } from './gateway-client';
import { Renderer } from './renderer';

/** latticelm chat: a terminal client for the gateway's public API (POST /v1/responses, GET /v1/models). */
async function main(): Promise<number> {
  const parsed = parseChatArgs(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    process.stderr.write(`${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }
  const { options } = parsed;
  const renderer = new Renderer(process.stdout, createStyle(coloursWanted(process.stdout, process.env)));
  const describe = (error: unknown) => describeError(error, options.url);
  const gateway = new OpenAIChatGateway(options.url, options.token);
  const choice = await chooseModel(gateway, options.model, describe);
  if (choice.warning) renderer.error(choice.warning);
  renderer.banner(options.url, choice.model, options.store);

  const conversation = new Conversation(choice.model, options.store, options.instructions);
  const session = new ChatSession(gateway, conversation, renderer, describe, choice.models);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  rl.setPrompt(process.stdout.isTTY ? '\u001b[1myou>\u001b[22m ' : 'you> ');
  // Ctrl-C stops the answer being streamed; at the prompt it leaves, like Ctrl-D
  rl.on('SIGINT', () => {
    if (!session.cancelTurn()) rl.close();
  });
  try {
    await session.run(rl, () => rl.prompt());
  } finally {
    rl.close();
  }
  process.stdout.write('\n');
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`latticelm chat failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
