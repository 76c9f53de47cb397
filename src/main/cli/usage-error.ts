/**
 * A problem with what the user typed (a flag, a service, a parameter, a file to read): reported as
 * one line on stderr with exit code 2, and always raised before anything is written.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
