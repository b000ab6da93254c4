import { NimbusError } from '../errors.js';

/** The archive is damaged or cut short; `entry` names where, when the damage lies in one entry. Nothing was written. */
export class BackupCorruptError extends NimbusError {
  override name = 'BackupCorruptError';
  constructor(file: string, reason: string, entry?: string) {
    super(
      'backup_corrupt',
      `The backup ${file} is damaged${entry ? ` in entry ${entry}` : ''}: ${reason}. Nothing was restored.`,
      entry ? { file, entry } : { file },
    );
  }
}

/** The passphrase does not open the sealed key of the backup. Nothing was written. */
export class WrongPassphraseError extends NimbusError {
  override name = 'WrongPassphraseError';
  constructor(file: string) {
    super('backup_passphrase_wrong', `The passphrase does not open the key sealed in ${file}. Nothing was restored.`, { file });
  }
}

/** A passphrase too short to protect the key it seals. */
export class WeakPassphraseError extends NimbusError {
  override name = 'WeakPassphraseError';
  constructor(minimum: number) {
    super(
      'backup_passphrase_weak',
      `The backup passphrase must be at least ${minimum} characters: it is all that protects the key to your Pulumi state and secrets`,
      { minimum },
    );
  }
}

/** The backup comes from a newer Nimbus (a newer database schema). Nothing was written. */
export class BackupTooNewError extends NimbusError {
  override name = 'BackupTooNewError';
  constructor(file: string, found: number, supported: number, appVersion: string) {
    super(
      'backup_too_new',
      `The backup ${file} was made by Nimbus ${appVersion} with schema version ${found}, but this Nimbus understands up to ${supported}. Update Nimbus to restore it. Nothing was restored.`,
      { file, found, supported, appVersion },
    );
  }
}

/** The restore target holds files already; restoring over them would lose them. */
export class RestoreTargetNotEmptyError extends NimbusError {
  override name = 'RestoreTargetNotEmptyError';
  constructor(dir: string, reason: string) {
    super('restore_target_not_empty', `Cannot restore into ${dir}: ${reason}. Nothing was restored.`, { dir });
  }
}

/** The data directory cannot be backed up as it is. */
export class BackupUnavailableError extends NimbusError {
  override name = 'BackupUnavailableError';
  constructor(dataDir: string, reason: string) {
    super('backup_unavailable', `Cannot back up ${dataDir}: ${reason}`, { dataDir });
  }
}

/** The restored copy failed a check; the temporary copy was removed and nothing was kept. */
export class RestoreCheckError extends NimbusError {
  override name = 'RestoreCheckError';
  constructor(file: string, reason: string) {
    super('restore_check_failed', `The backup ${file} did not pass its checks: ${reason}. Nothing was restored.`, { file });
  }
}
