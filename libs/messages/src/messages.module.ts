import { Module } from '@nestjs/common';
import { ProvidersModule } from '@latticelm/providers';
import { ResponsesModule } from '@latticelm/responses';
import { CountTokensService } from './count-tokens.service';
import { MessagesController } from './messages.controller';

/** POST /v1/messages and /v1/messages/count_tokens: Anthropic's Messages API over every provider. */
@Module({
  imports: [ProvidersModule, ResponsesModule],
  controllers: [MessagesController],
  providers: [CountTokensService],
})
export class MessagesModule {}
