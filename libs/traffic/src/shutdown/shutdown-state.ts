import { Injectable } from '@nestjs/common';

export interface DrainParticipant {
  /** let in-flight work finish and close; settles when closed */
  drain(): Promise<void>;
  /** what is still open after the deadline's grace */
  terminate(): void;
}

/**
 * Where the process is in its shutdown. `draining` turns readiness to 503 so load balancers stop sending traffic;
 * `deadline` aborts when `server.shutdown_timeout` has passed, and whatever is still streaming then ends with
 * `response.failed`.
 */
@Injectable()
export class ShutdownState {
  private drainingSince: number | undefined;
  private readonly deadlineController = new AbortController();
  private readonly participantSet = new Set<DrainParticipant>();

  /** Connections the HTTP server does not track (WebSockets): drained with the requests, then terminated. */
  register(participant: DrainParticipant): void {
    this.participantSet.add(participant);
  }

  get participants(): readonly DrainParticipant[] {
    return [...this.participantSet];
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** epoch ms when draining began, for logs and the admin view */
  get drainingSinceMs(): number | undefined {
    return this.drainingSince;
  }

  get deadline(): AbortSignal {
    return this.deadlineController.signal;
  }

  beginDraining(now = Date.now()): void {
    this.drainingSince ??= now;
  }

  expireDeadline(): void {
    this.beginDraining();
    this.deadlineController.abort();
  }
}
