import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export const RESPONSES_TABLE = 'latticelm_responses';

/**
 * One row per stored response. Property names are the column names so that TypeORM entities and rows from raw
 * queries (the chain CTE) map through one function. Items and the resource are JSON in text columns: the three
 * databases' JSON types differ, and we never query inside them. Times are epoch milliseconds (bigint comes back
 * as a string from pg and a number from mysql2 and sqlite; `toStoredResponse` reads both).
 */
@Entity({ name: RESPONSES_TABLE })
@Index('idx_latticelm_responses_expires_at', ['expires_at'])
export class StoredResponseRow {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  owner!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  previous_response_id!: string | null;

  @Column({ type: 'varchar', length: 255 })
  model!: string;

  @Column({ type: 'varchar', length: 255 })
  provider!: string;

  @Column({ type: 'varchar', length: 32 })
  status!: string;

  @Column({ type: 'text' })
  input!: string;

  @Column({ type: 'text' })
  output!: string;

  @Column({ type: 'text', nullable: true })
  usage!: string | null;

  /** the ResponseResource without `output` (kept once, in its own column) */
  @Column({ type: 'text' })
  response!: string;

  @Column({ type: 'bigint' })
  created_at!: number | string;

  @Column({ type: 'bigint' })
  expires_at!: number | string;
}
