import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SafeFetchErrorCode } from '@confab/net';
import { HTTP_METHODS, PARAM_TYPES } from './http-tool.dto';

/** The codes `runHttpTool` reports when no response came back (`SafeFetchError` codes; anything else is NETWORK). */
const CALL_ERROR_CODES: SafeFetchErrorCode[] = ['FORBIDDEN_ADDRESS', 'BAD_URL', 'TOO_MANY_REDIRECTS', 'TIMEOUT', 'NETWORK'];

const headerMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

export class HttpToolHeaderView {
  @ApiProperty({ example: 'X-Shop' }) name!: string;
  @ApiProperty({ example: 'bakery', description: 'Only non-secret headers are listed, so this is never a secret value' }) value!: string;
}

export class HttpToolParameterView {
  @ApiProperty({ example: 'orderId' }) name!: string;
  @ApiProperty({ enum: PARAM_TYPES }) type!: string;
  @ApiPropertyOptional({ description: 'Absent when it was not given (the parameter is then optional)' }) required?: boolean;
  @ApiPropertyOptional({ description: 'Tells the model what to put here' }) description?: string;
  @ApiPropertyOptional({ type: String, isArray: true, description: 'Allowed values' }) enum?: string[];
  @ApiPropertyOptional({ enum: ['path', 'query', 'body'], description: 'Where the value goes; when absent: path if the URL has {name}, else query for GET/DELETE and body otherwise' }) in?: string;
}

/** A stored HTTP tool definition. Secret header values are never part of it: only their names are. */
export class HttpToolView {
  @ApiProperty({ example: 'get_order_status', description: "The tool's id in URLs: the same as its name" }) id!: string;
  @ApiProperty({ example: 'get_order_status', description: 'The tool name an assistant enables (tools: [{name}])' }) name!: string;
  @ApiProperty({ example: 'Look up the status of an order by its number.' }) description!: string;
  @ApiProperty({ enum: HTTP_METHODS }) method!: string;
  @ApiProperty({ example: 'https://shop.example.com/api/orders/{orderId}' }) url!: string;
  @ApiProperty({ type: HttpToolHeaderView, isArray: true, description: 'Non-secret headers, with their values' }) headers!: HttpToolHeaderView[];
  @ApiProperty({ type: String, isArray: true, example: ['Authorization'], description: 'Names of the secret headers; their values are stored encrypted and never returned' })
  secretHeaderNames!: string[];
  @ApiProperty({ type: HttpToolParameterView, isArray: true }) parameters!: HttpToolParameterView[];
  @ApiPropertyOptional({ type: 'integer', description: 'Absent when not set (10000 ms is used)' }) timeoutMs?: number;
  @ApiPropertyOptional({ type: String, isArray: true, example: ['status', 'delivery.eta'], description: 'Fields (dot paths) of a JSON response the model gets' })
  responseFields?: string[];
}

export class HttpToolRequestView {
  @ApiProperty({ enum: HTTP_METHODS }) method!: string;
  @ApiProperty({ example: 'https://shop.example.com/api/orders/A-1001', description: 'The URL with path and query parameters filled in' }) url!: string;
  @ApiProperty({ ...headerMap, example: { accept: 'application/json', Authorization: '[secret]' }, description: "Headers sent; secret header values are shown as '[secret]'" })
  headers!: Record<string, string>;
  @ApiPropertyOptional({ example: '{"quantity":2}', description: 'The JSON body sent; absent when no parameter goes in the body' }) body?: string;
}

export class HttpToolResponseView {
  @ApiProperty({ type: 'integer', example: 200 }) status!: number;
  @ApiProperty({ ...headerMap, description: 'Response headers, lower-case names' }) headers!: Record<string, string>;
  @ApiProperty({
    oneOf: [{ type: 'object' }, { type: 'array', items: {} }, { type: 'string' }, { type: 'number' }, { type: 'boolean' }],
    nullable: true,
    example: { status: 'shipped' },
    description: 'The body: parsed JSON when it is JSON, else the text (all of it, not only responseFields)',
  })
  body!: unknown;
  @ApiProperty({ description: 'The body was cut at 256 KiB' }) truncated!: boolean;
  @ApiProperty({ description: 'The final URL, after redirects' }) url!: string;
  @ApiProperty({ type: String, isArray: true, description: 'Every redirect followed, in order' }) redirects!: string[];
}

export class HttpToolCallErrorView {
  @ApiProperty({ enum: CALL_ERROR_CODES }) code!: string;
  @ApiProperty({ example: 'request to shop.example.com timed out after 10000ms', description: 'Names the host at most, never headers or bodies' }) message!: string;
}

/** The outcome of one test call: the request is always there; either `response` or `error` is set, the other is null. */
export class HttpToolTestView {
  @ApiProperty({ type: HttpToolRequestView, description: 'The exact request sent (secret header values redacted)' }) request!: HttpToolRequestView;
  @ApiProperty({ type: HttpToolResponseView, nullable: true, description: 'What the service answered (any status); null when no answer came' })
  response!: HttpToolResponseView | null;
  @ApiProperty({ type: HttpToolCallErrorView, nullable: true, description: 'Why no answer came (refused address, timeout, ...); null when one did' })
  error!: HttpToolCallErrorView | null;
}
