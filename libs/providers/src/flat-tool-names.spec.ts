import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FunctionTool } from '@latticelm/api';
import type { ProviderRequest } from './provider';
import { FlatToolNames } from './flat-tool-names';

const fn = (name: string, namespace?: string): FunctionTool => ({ type: 'function', name, description: null, parameters: null, strict: null, ...(namespace ? { namespace } : {}) });
const request = (tools: FunctionTool[], input: ProviderRequest['input'] = []): ProviderRequest => ({ tools, input }) as unknown as ProviderRequest;

describe('FlatToolNames', () => {
  it('leaves a request without namespaces alone', () => {
    assert.equal(FlatToolNames.of(request([fn('a'), fn('b')])), undefined);
  });

  it('offers namespaced functions as <namespace>__<name> and restores both from its own table', () => {
    const original = request([fn('exec'), fn('close_agent', 'multi_agent_v1')]);
    const names = FlatToolNames.of(original);
    assert.ok(names);
    const flat = names.apply(original);
    assert.deepEqual(flat.tools.map((tool) => [tool.name, tool.namespace]), [['exec', undefined], ['multi_agent_v1__close_agent', undefined]]);
    assert.deepEqual(names.restore({ type: 'tool_call.start', callId: 'c', name: 'multi_agent_v1__close_agent' }), { type: 'tool_call.start', callId: 'c', name: 'close_agent', namespace: 'multi_agent_v1' });
    assert.deepEqual(names.restore({ type: 'tool_call.start', callId: 'c', name: 'exec' }), { type: 'tool_call.start', callId: 'c', name: 'exec' });
  });

  it('makes names fit the vendors (characters, 64 long) and unique, even against a plain function of the same name', () => {
    const long = 'n'.repeat(60);
    const original = request([fn('a__b'), fn('b', 'a'), fn('tool', 'mcp.server:x'), fn('tool', long)]);
    const names = FlatToolNames.of(original);
    assert.ok(names);
    const flat = names.apply(original).tools.map((tool) => tool.name);
    assert.equal(new Set(flat).size, 4, flat.join(' '));
    for (const name of flat) assert.match(name, /^[a-zA-Z0-9_-]{1,64}$/);
    assert.equal(flat[2], 'mcp_server_x__tool');
    for (const [index, tool] of original.tools.entries()) {
      assert.deepEqual(names.restore({ type: 'tool_call.start', callId: 'c', name: flat[index] }), { type: 'tool_call.start', callId: 'c', name: tool.name, ...(tool.namespace ? { namespace: tool.namespace } : {}) });
    }
  });

  it('renames earlier namespaced calls in the input the same way', () => {
    const original = request([fn('close_agent', 'ns')], [{ type: 'function_call', id: 'fc_1', call_id: 'c1', namespace: 'ns', name: 'close_agent', arguments: '{}', status: 'completed' }]);
    const flat = FlatToolNames.of(original)!.apply(original);
    assert.deepEqual(flat.input[0], { type: 'function_call', id: 'fc_1', call_id: 'c1', name: 'ns__close_agent', arguments: '{}', status: 'completed' });
  });
});
