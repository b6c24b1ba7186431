import { GatewayError, Principal, newId } from '@latticelm/api';
import { BudgetLedger, spendView } from '@latticelm/budgets';
import type { ApiKeysConfig } from '@latticelm/config';
import { ApiKeyRecord, apiKeyView } from './api-key';
import { ApiKeyDirectory } from './api-key-directory';
import { ApiKeyStore } from './api-key.store';
import { generateSecret, hashSecret, secretHint } from './api-key-secret';
import { parseCreateKey } from './parse-create-key';

type View = Record<string, unknown>;

/** The admin API's operations on keys. The secret exists only in the answer to create and rotate. */
export class ApiKeysService {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly directory: ApiKeyDirectory,
    private readonly config: Pick<ApiKeysConfig, 'rotationGraceMs'>,
    private readonly now: () => number,
    private readonly budgets: BudgetLedger,
  ) {}

  async create(body: unknown, admin: Principal | undefined): Promise<View> {
    const now = this.now();
    const input = parseCreateKey(body, now);
    const secret = generateSecret();
    const createdBy = admin?.subject ?? 'admin';
    const record: ApiKeyRecord = {
      id: newId('key'),
      name: input.name,
      owner: input.owner ?? createdBy,
      secretHash: hashSecret(secret),
      secretHint: secretHint(secret),
      previousSecretHash: null,
      previousExpiresAt: null,
      models: input.models,
      limits: input.limits,
      budget: input.budget,
      expiresAt: input.expiresAt,
      metadata: input.metadata,
      createdAt: now,
      createdBy,
      rotatedAt: null,
      revokedAt: null,
      source: 'api',
    };
    await this.store.insert(record);
    return { ...apiKeyView(record, now), key: secret };
  }

  /** Every key with its spend: one read of the counters for all of them. */
  async list(): Promise<View> {
    const now = this.now();
    const records = await this.all();
    const spend = await this.budgets.spendOf(records.map((record) => ({ scope: 'key', id: record.id })));
    return { object: 'list', data: records.map((record, index) => ({ ...apiKeyView(record, now), ...spendView(record.budget, spend[index], now) })) };
  }

  /** The declared keys, then the stored ones, newest first. */
  async all(): Promise<ApiKeyRecord[]> {
    return [...this.directory.declaredKeys(), ...(await this.store.list())];
  }

  /** The key with its spend in its budget's current period (in total without a budget), as the counters hold it. */
  async get(id: string): Promise<View> {
    const record = await this.find(id);
    const [spend] = await this.budgets.spendOf([{ scope: 'key', id: record.id }]);
    const now = this.now();
    return { ...apiKeyView(record, now), ...spendView(record.budget, spend, now) };
  }

  /** A new secret under the same id; the old one keeps working for `rotation_grace`. */
  async rotate(id: string): Promise<View> {
    const record = this.mutable(await this.find(id), 'rotated');
    const now = this.now();
    const secret = generateSecret();
    const rotated: ApiKeyRecord = {
      ...record,
      previousSecretHash: record.secretHash,
      previousExpiresAt: now + this.config.rotationGraceMs,
      secretHash: hashSecret(secret),
      secretHint: secretHint(secret),
      rotatedAt: now,
    };
    await this.store.update(rotated);
    this.directory.invalidate(id);
    return { ...apiKeyView(rotated, now), key: secret };
  }

  /** Refused at once on this replica; on the others within `auth.api_keys.cache_ttl`. Idempotent. */
  async revoke(id: string): Promise<View> {
    const record = this.mutable(await this.find(id), 'revoked');
    const now = this.now();
    const revoked: ApiKeyRecord = record.revokedAt === null ? { ...record, revokedAt: now, previousExpiresAt: null } : record;
    if (revoked !== record) await this.store.update(revoked);
    this.directory.invalidate(id);
    return { ...apiKeyView(revoked, now), deleted: true };
  }

  private async find(id: string): Promise<ApiKeyRecord> {
    const declared = this.directory.declaredKeys().find((record) => record.id === id);
    const record = declared ?? (await this.store.get(id));
    if (!record) throw GatewayError.notFound(`API key '${id}' not found.`, 'api_key_not_found', 'id');
    return record;
  }

  private mutable(record: ApiKeyRecord, verb: string): ApiKeyRecord {
    if (record.source === 'config') {
      throw new GatewayError({
        status: 409,
        type: 'invalid_request',
        code: 'api_key_declared_in_config',
        message: `API key '${record.id}' is declared in the configuration (auth.api_keys.keys) and cannot be ${verb} through the API; change the configuration instead.`,
        param: 'id',
        origin: 'client',
      });
    }
    if (record.revokedAt !== null && verb === 'rotated') {
      throw new GatewayError({ status: 409, type: 'invalid_request', code: 'api_key_revoked', message: `API key '${record.id}' is revoked.`, param: 'id', origin: 'client' });
    }
    return record;
  }
}
