import { ServerResponse } from 'node:http';
import { FakeContext, FakeUpstream, RecordedRequest, cutAfterFlush, pause, sendJson, waitForClose, sendRecorded } from './fake-upstream';
import { DEFAULT_USAGE, FakeUsage, Scenario, chunksOf, countedTokens, fakeEmbedding, fakeTokenCount } from './scenario';

/** google.rpc.Code names Google puts in `error.status` (https://cloud.google.com/apis/design/errors#http_mapping). */
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const GEMINI_PATH = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|batchEmbedContents|countTokens)$/;
const VERTEX_PATH = /^\/v1beta1\/(?:projects\/([^/]+)\/locations\/([^/]+)\/)?publishers\/google\/models\/([^/:]+):(generateContent|streamGenerateContent|predict|embedContent|countTokens)$/;

/**
 * Speaks Gemini's REST protocol at the paths @google/genai calls:
 * - gemini: POST /v1beta/models/M:generateContent | :streamGenerateContent?alt=sse with `x-goog-api-key`;
 * - vertex: POST /v1beta1/projects/P/locations/L/publishers/google/models/M:… with `Authorization: Bearer`, the
 *   token coming from this fake's STS endpoint (POST /v1/token, the token_url of an external_account credentials
 *   file), or /v1beta1/publishers/google/models/M:… with `x-goog-api-key` (express mode).
 * Answers are GenerateContentResponse JSON, or SSE `data: {GenerateContentResponse}` chunks; function calls come
 * whole in one chunk and carry no id, as Gemini 2.5 sends them. Embeddings: the Gemini API's :batchEmbedContents
 * (at most 100 requests, no token counts) and Vertex AI's :predict (at most 250 instances, one for
 * gemini-embedding-001; per-instance token_count) and :embedContent (one content, usageMetadata).
 */
export class FakeGemini extends FakeUpstream {
  /** the access token the STS endpoint issues and the Vertex endpoints require */
  readonly accessToken = 'fake-vertex-access-token';
  tokenRequests = 0;
  /** when set, the first function call of an answer carries this thoughtSignature (Gemini 2.5 / 3 with thinking) */
  thoughtSignature: string | undefined;

  constructor(
    readonly flavor: 'gemini' | 'vertex' = 'gemini',
    expectedKey = 'test-key',
    readonly vertexScope = { project: 'test-project', location: 'us-central1' },
  ) {
    super(expectedKey);
  }

  override reset(): void {
    super.reset();
    this.tokenRequests = 0;
    this.thoughtSignature = undefined;
  }

  protected override usesScenario(request: RecordedRequest): boolean {
    return request.path !== '/v1/token';
  }

  protected async route({ req, res, recorded, scenario }: FakeContext): Promise<void> {
    if (req.method === 'POST' && recorded.path === '/v1/token' && this.flavor === 'vertex') return this.issueToken(res, recorded.body);
    const match = req.method === 'POST' ? (this.flavor === 'gemini' ? GEMINI_PATH : VERTEX_PATH).exec(recorded.path) : null;
    if (!match) return sendError(res, 404, `fake: no route ${req.method} ${recorded.path}`);
    const [model, method] = this.flavor === 'gemini' ? [match[1], match[2]] : [match[3], match[4]];
    const authFailure = this.checkAuth(req.headers, this.flavor === 'vertex' ? match[1] : undefined, match[2]);
    if (authFailure) return sendError(res, authFailure.status, authFailure.message);
    // https://ai.google.dev/api/tokens#method:-models.counttokens — {totalTokens}
    if (method === 'countTokens') return sendJson(res, 200, { totalTokens: countedTokens(recorded.body) });
    const stream = method === 'streamGenerateContent';
    if (stream && recorded.query.get('alt') !== 'sse') return sendError(res, 400, 'fake: streaming without alt=sse is not supported');
    if (scenario.kind === 'error') return this.sendScenarioError(res, scenario);
    if (scenario.kind === 'hang') return waitForClose(res);
    if (scenario.kind === 'recorded') return sendRecorded(res, scenario);
    if (method === 'batchEmbedContents' || method === 'predict' || method === 'embedContent') return sendEmbeddings(res, method, model, recorded.body);
    if (stream) return this.stream(res, scenario, model);
    return sendJson(res, 200, chunk(allParts(scenario, this.thoughtSignature), finishOf(scenario), usageOf(scenario), model));
  }

  private checkAuth(headers: FakeContext['req']['headers'], project: string | undefined, location: string | undefined) {
    if (this.flavor === 'vertex' && project !== undefined) {
      if (headers.authorization !== `Bearer ${this.accessToken}`) {
        return {
          status: 401,
          message:
            'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        };
      }
      if (project !== this.vertexScope.project || location !== this.vertexScope.location) {
        return { status: 403, message: `Permission denied on resource project ${project} (location ${location}).` };
      }
      return undefined;
    }
    const key = headers['x-goog-api-key'];
    if (key === undefined) return { status: 403, message: "Method doesn't allow unregistered callers (callers without established identity)." };
    if (key !== this.expectedKey) return { status: 400, message: 'API key not valid. Please pass a valid API key.' };
    return undefined;
  }

  /** https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token */
  private issueToken(res: ServerResponse, body: unknown): void {
    const form = new URLSearchParams(typeof body === 'string' ? body : '');
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:token-exchange' || !form.get('subject_token')) {
      return sendJson(res, 400, { error: 'invalid_request', error_description: 'fake: not a token exchange' });
    }
    this.tokenRequests += 1;
    sendJson(res, 200, {
      access_token: this.accessToken,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: 3600,
    });
  }

  private sendScenarioError(res: ServerResponse, scenario: Extract<Scenario, { kind: 'error' }>): void {
    // Google states how long to wait in the body, as google.rpc.RetryInfo.
    const details =
      scenario.retryAfter !== undefined ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${scenario.retryAfter}s` }] : undefined;
    sendError(res, scenario.status, scenario.message, scenario.vendorType, details);
  }

  private async stream(res: ServerResponse, scenario: Scenario, model: string): Promise<void> {
    if (scenario.kind === 'slow' && scenario.firstByteDelayMs) await pause(res, scenario.firstByteDelayMs);
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    // Gemini separates its SSE events with CRLF CRLF.
    const send = (body: unknown) => !res.destroyed && res.write(`data: ${JSON.stringify(body)}\r\n\r\n`);
    const promptOnly = { promptTokenCount: usageOf(scenario).promptTokenCount, totalTokenCount: usageOf(scenario).promptTokenCount };
    if (scenario.kind === 'tool_calls') {
      if (scenario.text) send(chunk([{ text: scenario.text }], undefined, promptOnly, model));
      send(chunk(callParts(scenario, this.thoughtSignature), 'STOP', usageOf(scenario), model));
      res.end();
      return;
    }
    if (scenario.kind !== 'text' && scenario.kind !== 'cut' && scenario.kind !== 'slow') return void res.end();
    if (scenario.kind === 'text' && scenario.reasoning) send(chunk([{ text: scenario.reasoning, thought: true }], undefined, promptOnly, model));
    const pieces = chunksOf(scenario);
    for (const [index, text] of pieces.entries()) {
      if (scenario.kind === 'cut' && index === scenario.afterChunks) return cutAfterFlush(res);
      if (scenario.kind === 'slow' && index > 0) await pause(res, scenario.gapMs);
      if (res.destroyed) return;
      const last = index === pieces.length - 1;
      send(chunk([{ text }], last ? finishOf(scenario) : undefined, last ? usageOf(scenario) : promptOnly, model));
    }
    res.end();
  }
}

function sendError(res: ServerResponse, status: number, message: string, statusName?: string, details?: unknown[]): void {
  sendJson(res, status, { error: { code: status, message, status: statusName ?? STATUS_NAMES[status] ?? 'UNKNOWN', ...(details ? { details } : {}) } });
}

function chunk(parts: unknown[], finishReason: string | undefined, usageMetadata: unknown, model: string) {
  return {
    candidates: [
      {
        content: { parts, role: 'model' },
        ...(finishReason ? { finishReason } : {}),
        ...(finishReason === 'SAFETY' ? { safetyRatings: [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }] } : {}),
        index: 0,
      },
    ],
    usageMetadata,
    modelVersion: model,
    responseId: 'fake-response-1',
  };
}

function callParts(scenario: Extract<Scenario, { kind: 'tool_calls' }>, thoughtSignature: string | undefined): unknown[] {
  return scenario.calls.map((call, index) => ({
    functionCall: { name: call.name, args: JSON.parse(call.arguments) },
    ...(index === 0 && thoughtSignature ? { thoughtSignature } : {}),
  }));
}

function allParts(scenario: Scenario, thoughtSignature: string | undefined): unknown[] {
  if (scenario.kind === 'tool_calls') return [...(scenario.text ? [{ text: scenario.text }] : []), ...callParts(scenario, thoughtSignature)];
  if (scenario.kind === 'text') return [...(scenario.reasoning ? [{ text: scenario.reasoning, thought: true }] : []), { text: scenario.text }];
  return 'text' in scenario ? [{ text: scenario.text }] : [];
}

/** https://ai.google.dev/api/generate-content#FinishReason */
function finishOf(scenario: Scenario): string {
  if (scenario.kind !== 'text' || !scenario.finish || scenario.finish === 'stop') return 'STOP';
  return scenario.finish === 'length' ? 'MAX_TOKENS' : 'SAFETY';
}

/** https://ai.google.dev/api/generate-content#UsageMetadata — candidates exclude thoughts; the prompt includes the cache. */
function usageOf(scenario: Scenario) {
  const usage: FakeUsage = (scenario.kind === 'text' || scenario.kind === 'tool_calls' ? scenario.usage : undefined) ?? DEFAULT_USAGE;
  const thoughts = usage.reasoningTokens ?? 0;
  return {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: usage.outputTokens - thoughts,
    totalTokenCount: usage.inputTokens + usage.outputTokens,
    ...(usage.cachedTokens ? { cachedContentTokenCount: usage.cachedTokens } : {}),
    ...(thoughts ? { thoughtsTokenCount: thoughts } : {}),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: usage.inputTokens }],
  };
}

function sendEmbeddings(res: ServerResponse, method: 'batchEmbedContents' | 'predict' | 'embedContent', model: string, body: any): void {
  const textOf = (content: any): string => (typeof content === 'string' ? content : (content?.parts ?? []).map((part: any) => part.text ?? '').join(''));
  if (method === 'batchEmbedContents') {
    const requests: any[] = body?.requests ?? [];
    if (requests.length > 100) return sendError(res, 400, '* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch\n');
    return sendJson(res, 200, { embeddings: requests.map((request) => ({ values: fakeEmbedding(textOf(request.content), request.outputDimensionality) })) });
  }
  if (method === 'embedContent') {
    const text = textOf(body?.content);
    return sendJson(res, 200, { embedding: { values: fakeEmbedding(text, body?.embedContentConfig?.outputDimensionality) }, usageMetadata: { promptTokenCount: fakeTokenCount(text), totalTokenCount: fakeTokenCount(text) } });
  }
  const instances: any[] = body?.instances ?? [];
  if (instances.length > (model === 'gemini-embedding-001' ? 1 : 250)) return sendError(res, 400, `fake: too many instances (${instances.length}) for ${model}`);
  const dimensions = body?.parameters?.outputDimensionality;
  sendJson(res, 200, {
    predictions: instances.map((instance) => ({
      embeddings: { values: fakeEmbedding(textOf(instance.content), dimensions), statistics: { truncated: false, token_count: fakeTokenCount(textOf(instance.content)) } },
    })),
    metadata: { billableCharacterCount: instances.reduce((sum, instance) => sum + textOf(instance.content).length, 0) },
  });
}
