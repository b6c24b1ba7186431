/** The usage log's tables: created by this store's migrations, read and written by the usage store in libs/usage. */
export const USAGE_RECORDS_TABLE = 'latticelm_usage_records';
export const USAGE_DAILY_TABLE = 'latticelm_usage_daily';
/** one row, `rollup`: the first day still kept raw, and the lease of the replica rolling up */
export const USAGE_STATE_TABLE = 'latticelm_usage_state';
