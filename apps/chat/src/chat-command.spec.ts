import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommand } from './chat-command';

describe('parseCommand', () => {
  it('treats plain text as a message and blank lines as nothing', () => {
    assert.deepEqual(parseCommand('  Hello there  '), { kind: 'message', text: 'Hello there' });
    assert.deepEqual(parseCommand('   '), { kind: 'empty' });
  });

  it('parses the commands, case-insensitively, with aliases', () => {
    assert.deepEqual(parseCommand('/model claude-3-5-sonnet'), { kind: 'model', name: 'claude-3-5-sonnet' });
    assert.deepEqual(parseCommand('/MODEL'), { kind: 'model' });
    assert.deepEqual(parseCommand('/models'), { kind: 'models' });
    assert.deepEqual(parseCommand('/new'), { kind: 'new' });
    assert.deepEqual(parseCommand('/clear'), { kind: 'new' });
    assert.deepEqual(parseCommand('/help'), { kind: 'help' });
    assert.deepEqual(parseCommand('/quit'), { kind: 'quit' });
    assert.deepEqual(parseCommand('/exit'), { kind: 'quit' });
  });

  it('reports unknown commands and lets // send a literal slash', () => {
    assert.deepEqual(parseCommand('/frobnicate now'), { kind: 'unknown', command: '/frobnicate' });
    assert.deepEqual(parseCommand('//etc/hosts is a file'), { kind: 'message', text: '/etc/hosts is a file' });
  });
});
