/** DI token for the OpenTelemetry Tracer, or null when tracing is off (so the hot path skips span work). */
export const OBSERVABILITY_TRACER = Symbol('OBSERVABILITY_TRACER');
