import { createContext, useContext } from 'react';

/** The signed-in user's role, for views that offer what only some roles may open (App provides it). */
export const RoleContext = createContext<string>('member');

/** Whether this role may open organisation portraits and analyses (the server checks again). */
export function useLeads(): boolean {
  const role = useContext(RoleContext);
  return role === 'admin' || role === 'leader' || role === 'secretary';
}
