export * from './conversation-store';
export * from './memory-conversation.store';
export * from './create-conversation-store';
export * from './conversations.module';
