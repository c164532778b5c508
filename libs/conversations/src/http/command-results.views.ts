import { ApiProperty } from '@nestjs/swagger';

export class QueuedMessageView {
  @ApiProperty({ format: 'uuid', description: 'The outbound message queued for sending' }) messageId!: string;
}

export class RetriedRepliesView {
  @ApiProperty({ description: 'Customer messages put back in line for an AI reply' }) retried!: number;
}
