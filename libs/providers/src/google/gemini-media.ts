import { GatewayError, InputFilePart, InputImagePart } from '@latticelm/api';
import type { Part } from '@google/genai';

/**
 * Open Responses images and files → Gemini parts: base64 (bare or as a data: URL) becomes `inlineData`, a URL
 * becomes `fileData`. "fileData: URI based data … mimeType: Required. The IANA standard MIME type of the source
 * data." (https://ai.google.dev/api/caching#FileData) — URLs carry none, so it is inferred from the extension,
 * defaulting to image/png for images and application/pdf for files.
 */
const MIME_BY_EXTENSION: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  json: 'application/json',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  ogg: 'audio/ogg',
  flac: 'audio/flac',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};

export function mimeTypeFromName(name: string | undefined, fallback: string): string {
  const path = name?.split(/[?#]/)[0] ?? '';
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (extension && MIME_BY_EXTENSION[extension]) || fallback;
}

export function parseDataUrl(url: string): { mimeType: string; data: string } | undefined {
  const match = /^data:([^;,]*)((?:;[^;,]*)*?),(.*)$/s.exec(url);
  if (!match) return undefined;
  const mimeType = match[1] || 'application/octet-stream';
  const isBase64 = /;base64$/i.test(match[2]);
  const data = isBase64 ? match[3] : Buffer.from(decodeURIComponent(match[3]), 'utf8').toString('base64');
  return { mimeType, data };
}

function isRemoteUri(url: string): boolean {
  // gs:// is Cloud Storage (Vertex AI); https also covers Gemini File API URIs.
  return /^(https?|gs):\/\//i.test(url);
}

export function toGeminiImagePart(part: InputImagePart): Part {
  const inline = parseDataUrl(part.image_url);
  if (inline) return { inlineData: inline };
  if (isRemoteUri(part.image_url)) return { fileData: { fileUri: part.image_url, mimeType: mimeTypeFromName(part.image_url, 'image/png') } };
  throw GatewayError.invalidRequest('input', `input_image.image_url must be a data: URL or an http(s)/gs URL for this provider`);
}

export function toGeminiFilePart(part: InputFilePart): Part {
  if (part.file_data) {
    const inline = parseDataUrl(part.file_data);
    if (inline) return { inlineData: inline };
    return { inlineData: { mimeType: mimeTypeFromName(part.filename, 'application/pdf'), data: part.file_data } };
  }
  if (part.file_url && isRemoteUri(part.file_url)) {
    return { fileData: { fileUri: part.file_url, mimeType: mimeTypeFromName(part.filename ?? part.file_url, 'application/pdf') } };
  }
  throw GatewayError.invalidRequest('input', 'input_file needs file_data (base64 or a data: URL) or an http(s)/gs file_url for this provider');
}
