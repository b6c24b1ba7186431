import { ConversationItem, GatewayError } from '@latticelm/api';

export interface ListQuery {
  after?: string;
  before?: string;
  limit?: string;
  order?: string;
}

export interface ItemList {
  object: 'list';
  data: ConversationItem[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** Cursor pagination in the shape the `openai` SDK's CursorPage parses (default order desc, limit 20). */
export function listInputItems(items: ConversationItem[], query: ListQuery): ItemList {
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw GatewayError.invalidRequest('limit', "'limit' must be an integer from 1 to 100");
  const order = query.order ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw GatewayError.invalidRequest('order', "'order' must be 'asc' or 'desc'");
  let ordered = order === 'asc' ? items : [...items].reverse();
  if (query.after !== undefined) {
    const index = ordered.findIndex((item) => item.id === query.after);
    if (index === -1) throw GatewayError.invalidRequest('after', `no item with id '${query.after}' in this response's input`);
    ordered = ordered.slice(index + 1);
  }
  if (query.before !== undefined) {
    const index = ordered.findIndex((item) => item.id === query.before);
    if (index === -1) throw GatewayError.invalidRequest('before', `no item with id '${query.before}' in this response's input`);
    ordered = ordered.slice(0, index);
  }
  const data = ordered.slice(0, limit);
  return {
    object: 'list',
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: ordered.length > limit,
  };
}
