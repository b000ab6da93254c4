/**
 * The rules for names people type: the engine's schemas refuse what breaks them, and the renderer's
 * dialogs and forms check the same rules while the user types, so nothing the form accepts is refused
 * on save. Each side words its own message; the patterns and limits live only here.
 */

/** The longest stack, stack instance or component name: such names become Pulumi stack and file names. */
export const NAME_MAX_LENGTH = 63;

/**
 * A stack's name, which is also its address (`nimbus stack deploy ha-web`), and the name of a stack
 * instance: lowercase letters, digits and `-`, starting with a letter, at most 63 characters.
 */
export const STACK_NAME_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;

/** A stack instance's name follows the stack name rule: it becomes a Pulumi stack and topology name. */
export const INSTANCE_NAME_PATTERN = STACK_NAME_PATTERN;

/**
 * A component's name, a lowercase slug of 2 to 63 characters (`proxmox-vm`): topologies and stacks
 * refer to a version of it as `name@version`.
 */
export const COMPONENT_NAME_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;

/**
 * Names inside a stack document (slots, states, operations, the workflow a transition runs):
 * lowercase letters, digits, `-` or `_`, starting with a letter, at most 63 characters.
 */
export const STACK_IDENTIFIER_PATTERN = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * Triggers a state machine reacts to and event types: lowercase words separated by dots
 * (`deploy.succeeded`, `local.vm.removed`), at most {@link TRIGGER_NAME_MAX_LENGTH} characters.
 */
export const TRIGGER_NAME_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;

/** The longest trigger name or event type. */
export const TRIGGER_NAME_MAX_LENGTH = 100;

/** The longest key of a stack document's maps: slot inputs, stack outputs, parameters a step sets. */
export const STACK_KEY_MAX_LENGTH = 100;

/** The longest time limit a transition's workflow may have, in seconds (one week). */
export const TRANSITION_TIMEOUT_MAX_SECONDS = 7 * 24 * 3600;
