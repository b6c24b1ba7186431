import type { LocalResponse, LocalResponses } from '../responses.service';

/**
 * A connection's previous-response state: "Servers SHOULD keep the most recent previous-response state in
 * connection-local memory" (spec, WebSocket Continuation). One response per connection, so memory is bounded by
 * one conversation; a store: false chain continues from its latest response only.
 */
export class MostRecentResponse implements LocalResponses {
  private id: string | undefined;
  private response: LocalResponse | undefined;

  lookup(responseId: string): LocalResponse | undefined {
    return responseId === this.id ? this.response : undefined;
  }

  remember(responseId: string, response: LocalResponse): void {
    this.id = responseId;
    this.response = response;
  }

  /** "If a continuation turn fails with a 4xx or 5xx error, the server MUST evict the referenced previous_response_id" */
  evict(responseId: string): void {
    if (responseId !== this.id) return;
    this.id = undefined;
    this.response = undefined;
  }
}
