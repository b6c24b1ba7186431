import type { ResponseResource } from '@latticelm/api';
import type { StoredResponse } from '../conversation-store';
import type { StoredResponseRow } from './stored-response.entity';

export function toRow(record: StoredResponse): StoredResponseRow {
  const { output: _output, ...resource } = record.response;
  return {
    id: record.id,
    owner: record.owner,
    previous_response_id: record.previousResponseId,
    model: record.model,
    provider: record.provider,
    status: record.status,
    input: JSON.stringify(record.input),
    output: JSON.stringify(record.output),
    usage: record.response.usage ? JSON.stringify(record.response.usage) : null,
    response: JSON.stringify(resource),
    created_at: record.createdAt,
    expires_at: record.expiresAt,
  };
}

export function toStoredResponse(row: StoredResponseRow): StoredResponse {
  const output = JSON.parse(row.output) as StoredResponse['output'];
  const resource = JSON.parse(row.response) as Omit<ResponseResource, 'output'>;
  return {
    id: row.id,
    owner: row.owner,
    previousResponseId: row.previous_response_id ?? null,
    model: row.model,
    provider: row.provider,
    status: row.status as StoredResponse['status'],
    input: JSON.parse(row.input) as StoredResponse['input'],
    output,
    response: { ...resource, output },
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
  };
}
