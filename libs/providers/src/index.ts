export * from './provider';
export * from './provider-event';
export * from './provider-registry';
export * from './providers.module';
export * from './upstream-error';
export * from './upstream-error-kind';
export * from './provider-call';
export * from './conversation-compactor';
export * from './flat-tool-names';
export * from './hosted-tools';
export * from './allowed-tools';
export * from './embedder';
export * from './input-token-counter';
// the Messages front door keeps Anthropic's redacted thinking in the same state the Anthropic provider reads
export { redactedThinkingData, redactedThinkingState } from './anthropic/anthropic-thinking';
