/** The API keys' table: created by this store's migrations, read and written by the key store in libs/auth. */
export const API_KEYS_TABLE = 'latticelm_api_keys';
