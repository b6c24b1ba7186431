export * from './traffic.module';
export * from './traffic-clock';
export * from './circuit-breaker/circuit-breakers.service';
export * from './shutdown/shutdown-state';
export * from './shutdown/graceful-shutdown';
export * from './resilience/upstream-fault';
