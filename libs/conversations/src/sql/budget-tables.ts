/** Spend per key and owner and period, written by the budgets' journal in libs/budgets (memory counters persisted). */
export const BUDGET_SPEND_TABLE = 'latticelm_budget_spend';
/** Owners' budgets set through the admin API. */
export const OWNER_BUDGETS_TABLE = 'latticelm_owner_budgets';
