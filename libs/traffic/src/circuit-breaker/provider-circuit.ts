import { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import { CircuitState, GatewayError } from '@latticelm/api';
import type { CircuitBreakerConfig } from '@latticelm/config';
import { TrafficClock } from '../traffic-clock';
import { CIRCUIT_OPEN_CODE, COOLING_DOWN_CODE } from '../resilience/upstream-fault';
import { Deferred, deferred } from './deferred';

/** One admitted call; exactly one of its methods takes effect (the first). */
export interface CircuitTicket {
  success(): void;
  failure(error: unknown): void;
  /** the call ended without saying anything about the provider (client left, caller stopped reading) */
  release(): void;
}

const BUCKETS = 10;
const NO_OP_TICKET: CircuitTicket = { success: () => undefined, failure: () => undefined, release: () => undefined };

interface HalfOpenRound {
  admitted: number;
  successes: number;
  outcome: Deferred;
}

/**
 * One provider's breaker. opossum keeps the rolling window (`interval`, `minimum_requests`, `failure_ratio`) and
 * the open → half-open timer (`timeout`); each call is fired as a promise that settles when the call (or its
 * stream) ends. opossum lets a single trial through when half-open; the seed's gobreaker semantics allow
 * `max_requests` trials and close after that many successes, so all trials of one half-open round share the one
 * promise opossum sees: it resolves after `max_requests` successes and rejects on the first failure.
 */
export class ProviderCircuit {
  private readonly breaker: CircuitBreaker<[Promise<void>], void>;
  private readonly rotation = new EventEmitter();
  private readonly rotationTimer: NodeJS.Timeout;
  private current: CircuitState = 'closed';
  private openedAt = 0;
  private round: HalfOpenRound | undefined;
  /** until when the vendor asked (429 Retry-After) not to be called for this model; 0: not cooling down */
  private coolingUntil = 0;

  constructor(
    readonly provider: string,
    private readonly config: CircuitBreakerConfig,
    private readonly clock: TrafficClock,
    private readonly onChange: (from: CircuitState, to: CircuitState) => void,
    /** the vendor model id (deployment) this circuit guards; undefined: the provider as a whole */
    readonly model?: string,
  ) {
    this.breaker = new CircuitBreaker((outcome: Promise<void>) => outcome, {
      name: model ? `${provider}/${model}` : provider,
      // A stream may rightly run for minutes; deadlines belong to the TimeoutProvider, which reports them as failures.
      timeout: false,
      resetTimeout: config.timeoutMs,
      // opossum opens when the rate is strictly above the threshold; failure_ratio means "at least this ratio".
      errorThresholdPercentage: config.failureRatio * 100 - 1e-9,
      volumeThreshold: config.minimumRequests,
      rollingCountTimeout: config.intervalMs,
      rollingCountBuckets: BUCKETS,
      rotateBucketController: this.rotation,
      enableSnapshots: false,
      rollingPercentilesEnabled: false,
    });
    this.rotationTimer = setInterval(() => this.rotation.emit('rotate'), Math.max(1, config.intervalMs / BUCKETS));
    this.rotationTimer.unref();
    this.breaker.on('open', () => this.transition('open'));
    this.breaker.on('halfOpen', () => this.transition('half_open'));
    this.breaker.on('close', () => this.transition('closed'));
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  get state(): CircuitState {
    return this.config.enabled ? this.current : 'closed';
  }

  /** Seconds left of the vendor's 429 back-pressure; 0 when none. */
  coolDownRemaining(): number {
    if (this.coolingUntil === 0) return 0;
    const remainingMs = this.coolingUntil - this.clock.now();
    if (remainingMs <= 0) {
      this.coolingUntil = 0;
      return 0;
    }
    return Math.ceil(remainingMs / 1000);
  }

  /**
   * A vendor 429: back-pressure, not breakage. It does not count toward opening; calls for this model are held
   * back (answered 429 with the remaining time) until Retry-After has passed.
   */
  coolDown(retryAfterSeconds: number): void {
    const until = this.clock.now() + Math.max(0, retryAfterSeconds) * 1000;
    if (until > this.coolingUntil) this.coolingUntil = until;
  }

  /** Admits a call or throws: the 503 of an open circuit, the 429 of a cool-down. */
  admit(): CircuitTicket {
    if (!this.config.enabled) return NO_OP_TICKET;
    const cooling = this.coolDownRemaining();
    if (cooling > 0) throw this.coolingDownError(cooling);
    if (this.breaker.opened) throw this.openError();
    if (this.breaker.halfOpen) return this.admitTrial();
    const outcome = deferred();
    this.breaker.fire(outcome.promise).catch(() => undefined);
    return { success: outcome.resolve, failure: outcome.reject, release: outcome.resolve };
  }

  shutdown(): void {
    clearInterval(this.rotationTimer);
    this.breaker.shutdown();
  }

  private admitTrial(): CircuitTicket {
    if (!this.round) {
      this.round = { admitted: 0, successes: 0, outcome: deferred() };
      this.breaker.fire(this.round.outcome.promise).catch(() => undefined);
    }
    const round = this.round;
    if (round.admitted >= this.config.maxRequests) {
      throw this.unavailable(1, `its circuit breaker is half-open and already testing ${this.config.maxRequests} request(s)`);
    }
    round.admitted += 1;
    let settled = false;
    const once = (effect: () => void) => () => {
      if (settled) return;
      settled = true;
      effect();
    };
    return {
      success: once(() => {
        round.successes += 1;
        if (round.successes >= this.config.maxRequests) round.outcome.resolve();
      }),
      failure: (error: unknown) => once(() => round.outcome.reject(error))(),
      release: once(() => {
        round.admitted -= 1;
      }),
    };
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    if (to !== 'half_open') this.round = undefined;
    if (to === 'open') this.openedAt = this.clock.now();
    // gobreaker starts a closed circuit with fresh counts; without this, old failures would re-open it at once.
    if (to === 'closed') for (let i = 0; i < BUCKETS; i++) this.rotation.emit('rotate');
    this.onChange(from, to);
  }

  private openError(): GatewayError {
    const remainingMs = Math.max(0, this.openedAt + this.config.timeoutMs - this.clock.now());
    const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
    return this.unavailable(seconds, `its circuit breaker is open after repeated upstream failures; retry in ${seconds}s`);
  }

  private coolingDownError(seconds: number): GatewayError {
    return new GatewayError({
      status: 429,
      type: 'too_many_requests',
      code: COOLING_DOWN_CODE,
      message: `${this.subject()} is rate-limited by the vendor (429); retry in ${seconds}s`,
      // passed on to the client (or to a fallback), not waited out by the gateway's own retries
      retryable: false,
      retryAfter: seconds,
      origin: 'upstream',
    });
  }

  private subject(): string {
    return this.model ? `model '${this.model}' of provider '${this.provider}'` : `provider '${this.provider}'`;
  }

  private unavailable(retryAfter: number, why: string): GatewayError {
    return new GatewayError({
      status: 503,
      type: 'service_unavailable',
      code: CIRCUIT_OPEN_CODE,
      message: `${this.subject()} is temporarily unavailable: ${why}`,
      retryable: true,
      retryAfter,
      origin: 'upstream',
    });
  }
}
