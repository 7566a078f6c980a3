import { DatabaseSecret, DatabaseSecretStore } from './DatabaseSecretStore';

/** Stands in when the configured secret store cannot be used; says why on every call. */
export class UnavailableSecretStore implements DatabaseSecretStore {
  readonly problem: string;

  constructor(problem: string) {
    this.problem = problem;
  }

  async get(): Promise<DatabaseSecret | undefined> {
    throw new Error(this.problem);
  }
  async put(): Promise<void> {
    throw new Error(this.problem);
  }
  async delete(): Promise<void> {
    throw new Error(this.problem);
  }
}
