import { randomUUID } from 'node:crypto';

export type IdPrefix = 'resp' | 'msg' | 'fc' | 'call' | 'rs' | 'fco' | 'cmp' | 'key';

/** Open Responses style ids: a type prefix and 32 hex characters. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}

/** `ws`: a web search the gateway reports for a vendor that has no item of its own; `hc`: another hosted call */
export type OutputItemPrefix = 'msg' | 'rs' | 'fc' | 'ws' | 'hc';
const OUTPUT_ITEM_ID = /^(?:msg|rs|fc|ws|hc)_(.+)_(\d+)$/;

/**
 * An output item's id names the response it belongs to and its place there: `msg_<response id>_<output index>`
 * (without the response's `resp_`). An `item_reference` to it is then one read of that response, in any store.
 */
export function outputItemId(prefix: OutputItemPrefix, responseId: string, outputIndex: number): string {
  return `${prefix}_${responseId.replace(/^resp_/, '')}_${outputIndex}`;
}

/** The response an output item id names, or undefined for ids the gateway did not give an output item. */
export function responseIdOfItem(itemId: string): string | undefined {
  const match = OUTPUT_ITEM_ID.exec(itemId);
  return match ? `resp_${match[1]}` : undefined;
}
