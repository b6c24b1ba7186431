export class ConfigValidationError extends Error {
  constructor(readonly problems: string[], readonly source: string) {
    super(`invalid configuration (${source}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}
