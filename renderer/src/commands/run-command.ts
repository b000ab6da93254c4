import type { Command } from './command';

/** Performs a command if it is enabled; failures go to `onError` so callers need no try/catch. */
export async function runCommand<Context>(
  command: Command<Context>,
  context: Context,
  onError: (command: Command<Context>, error: unknown) => void,
): Promise<void> {
  if (!command.isEnabled(context)) return;
  try {
    await command.perform(context);
  } catch (error) {
    onError(command, error);
  }
}
