import { ContentPart, GatewayError, InputFilePart } from '@latticelm/api';
import type { DocumentBlockParam, ImageBlockParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';

export type AnthropicUserBlock = TextBlockParam | ImageBlockParam | DocumentBlockParam;

/** https://platform.claude.com/docs/en/build-with-claude/vision — "image/jpeg, image/png, image/gif, image/webp". */
const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

interface DataUrl {
  mediaType: string;
  base64: string;
}

/** Open Responses user content → Anthropic content blocks. Empty text is dropped: the vendor rejects empty text blocks. */
export function toAnthropicUserBlocks(parts: ContentPart[], provider: string, param: string): AnthropicUserBlock[] {
  const blocks: AnthropicUserBlock[] = [];
  parts.forEach((part, index) => {
    const where = `${param}[${index}]`;
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        if (part.text) blocks.push({ type: 'text', text: part.text });
        return;
      case 'refusal':
        if (part.refusal) blocks.push({ type: 'text', text: part.refusal });
        return;
      case 'input_image':
        blocks.push(toImageBlock(part.image_url, provider, `${where}.image_url`));
        return;
      case 'input_file':
        blocks.push(toDocumentBlock(part, provider, where));
        return;
    }
  });
  return blocks;
}

function toImageBlock(url: string, provider: string, param: string): ImageBlockParam {
  const data = parseDataUrl(url);
  if (data) {
    if (!isImageMediaType(data.mediaType)) {
      throw GatewayError.unsupported(param, provider, `input_image of type '${data.mediaType}' (supported: ${IMAGE_MEDIA_TYPES.join(', ')})`);
    }
    return { type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.base64 } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw GatewayError.invalidRequest(param, `'${param}' must be an http(s) URL or a base64 data: URL`);
}

/**
 * input_file → a `document` block. The vendor reads PDFs (base64 or URL) and plain text; other file types have
 * no document source, so they are refused here rather than by the vendor with a less helpful message.
 * https://platform.claude.com/docs/en/build-with-claude/pdf-support
 */
function toDocumentBlock(part: InputFilePart, provider: string, param: string): DocumentBlockParam {
  const title = part.filename ? { title: part.filename } : {};
  if (part.file_data) {
    const data = parseDataUrl(part.file_data) ?? { mediaType: mediaTypeOf(part.filename), base64: part.file_data };
    if (data.mediaType === 'application/pdf') {
      return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: data.base64 }, ...title };
    }
    if (data.mediaType === 'text/plain') {
      return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(data.base64, 'base64').toString('utf8') }, ...title };
    }
    throw GatewayError.unsupported(`${param}.file_data`, provider, `input_file of type '${data.mediaType}' (supported: application/pdf, text/plain)`);
  }
  if (part.file_url) {
    if (!/^https?:\/\//i.test(part.file_url)) throw GatewayError.invalidRequest(`${param}.file_url`, `'${param}.file_url' must be an http(s) URL`);
    return { type: 'document', source: { type: 'url', url: part.file_url }, ...title };
  }
  throw GatewayError.unsupported(param, provider, 'input_file without file_data or file_url (file ids)');
}

/** Parses `data:<type>[;params][;base64],<data>`; percent-encoded payloads are re-encoded as base64. */
export function parseDataUrl(url: string): DataUrl | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s.exec(url);
  if (!match) return undefined;
  const mediaType = (match[1] || 'text/plain').toLowerCase();
  const isBase64 = match[2].split(';').includes('base64');
  const base64 = isBase64 ? match[3] : Buffer.from(decodeURIComponent(match[3]), 'utf8').toString('base64');
  return { mediaType, base64 };
}

/** Bare base64 file_data names its type only through the filename; without one it is taken as a PDF, as the openai converter does. */
function mediaTypeOf(filename: string | undefined): string {
  if (!filename) return 'application/pdf';
  const extension = filename.toLowerCase().split('.').pop();
  if (extension === 'pdf') return 'application/pdf';
  if (extension === 'txt' || extension === 'md') return 'text/plain';
  return `application/${extension ?? 'octet-stream'}`;
}

function isImageMediaType(mediaType: string): mediaType is ImageMediaType {
  return (IMAGE_MEDIA_TYPES as readonly string[]).includes(mediaType);
}
