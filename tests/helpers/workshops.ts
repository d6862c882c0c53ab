import { connectClient, type Client } from './clients.ts';
import type { Role } from '../../shared/facilitation/roles.ts';
import type { CreateWorkshopPayload } from '../../shared/protocol/index.ts';
import type { CreatedWorkshop } from '../../shared/protocol/workshopTypes.ts';

export interface TestWorkshop extends CreatedWorkshop {
  secrets: Record<Role, string>;
}

export function secretOf(link: string): string {
  const secret = new URL(link).hash.replace(/^#k=/, '');
  if (!secret) throw new Error(`no secret in ${link}`);
  return secret;
}

export async function api<T = unknown>(
  server: { url: string },
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

export async function createWorkshop(server: { url: string }, payload: Partial<CreateWorkshopPayload> = {}): Promise<TestWorkshop> {
  const res = await api<CreatedWorkshop>(server, 'POST', '/api/workshops', { title: 'SENAE integrity workshop', ...payload });
  if (res.status !== 201) throw new Error(`workshop creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  const secrets = Object.fromEntries(Object.entries(res.body.links).map(([role, link]) => [role, secretOf(link)])) as Record<Role, string>;
  return { ...res.body, secrets };
}

export interface Person {
  workshopId: string;
  token: string;
  role: Role;
  participantId: string;
  displayName: string;
}

/** Opens a personal session through a role link's secret, as the join step does. */
export async function openSession(
  server: { url: string },
  workshop: TestWorkshop,
  role: Role,
  displayName: string,
  administration = 'SENAE',
): Promise<Person> {
  const res = await api<Person & { error?: string }>(server, 'POST', `/api/workshops/${workshop.id}/sessions`, {
    secret: workshop.secrets[role],
    displayName,
    administration,
  });
  if (res.status !== 201) throw new Error(`session failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}


export interface Member extends Client {
  person: Person;
}

/** Opens a session through the role's link, connects a Socket.IO client and joins the workshop. */
export async function joinAs(
  server: { url: string },
  workshop: TestWorkshop,
  role: Role,
  displayName: string,
  administration = 'SENAE',
): Promise<Member> {
  const person = await openSession(server, workshop, role, displayName, administration);
  const client = await connectClient(server, person.token);
  const joined = await client.send('workshop.join', {});
  if (!joined.ok) throw new Error(`join failed: ${joined.error}`);
  return Object.assign(client, { person });
}
