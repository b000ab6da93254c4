/** The Nimbus version; a test keeps it equal to package.json's. */
export const NIMBUS_VERSION = '0.1.0';
