/** Thrown by WorkshopStore.createWorkshop/updateWorkshop when another workshop holds the join code. */
export class JoinCodeTakenError extends Error {
  constructor(readonly code: string) {
    super(`join code ${code} is already in use`);
    this.name = 'JoinCodeTakenError';
  }
}
