export * from './traffic.module';
export * from './traffic-clock';
export * from './circuit-breaker/circuit-breakers.service';
export * from './shutdown/shutdown-state';
export * from './shutdown/graceful-shutdown';
export * from './resilience/upstream-fault';
export * from './resilience/resilient-provider-invoker';
export * from './resilience/run-attempt';
