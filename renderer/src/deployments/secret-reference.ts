/** Secrets never leave the engine in plain text: deployments carry `secret://…` references in their place. */
export const isSecretReference = (value: unknown): value is string => typeof value === 'string' && value.startsWith('secret://');
