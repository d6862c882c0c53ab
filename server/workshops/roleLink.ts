/** The address of a role link: the secret rides in the fragment, which browsers never send to servers. */
export function roleLinkUrl(publicUrl: string, workshopId: string, secret: string): string {
  return `${publicUrl.replace(/\/$/, '')}/w/${workshopId}#k=${secret}`;
}
