/** The demo password of every demo account (DESIGN §9); accounts exist only with the demo dataset. */
export const DEMO_PASSWORD = 'redmap-demo';

export interface DemoAccount {
  username: string;
  role: 'admin' | 'leader' | 'secretary' | 'member';
  displayName: string;
  /** Which organisation the account is bound to, resolved by the generator. */
  binding: 'committee' | 'border-branch' | 'border-branch-member';
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', role: 'admin', displayName: '系统管理员', binding: 'committee' },
  { username: 'leader', role: 'leader', displayName: '州局党委领导（演示）', binding: 'committee' },
  { username: 'secretary', role: 'secretary', displayName: '天保边境联合党支部书记（演示）', binding: 'border-branch' },
  {
    username: 'member',
    role: 'member',
    displayName: '天保边境联合党支部党员（演示）',
    binding: 'border-branch-member',
  },
];

/**
 * The bearer token of a demo HTTP terminal (`POST /api/ingest/positions`), derived from its
 * terminal id so the simulator can use it; only its SHA-256 is stored. Demo data only.
 */
export const demoDeviceToken = (terminalId: string) => `redmap-demo-device-${terminalId}`;

/**
 * The auth code of a demo JT/T 808 terminal. Demo terminals count as registered (a real one keeps
 * the code it was given at its first registration), so the simulator authenticates with this
 * after the platform's result 3. Demo data only.
 */
export const demoAuthCode = (terminalId: string) => `redmap-demo-${terminalId}`;

/** The secret of a demo NMEA terminal's identification line; only its SHA-256 is stored. Demo data only. */
export const demoNmeaSecret = (terminalId: string) => `redmap-demo-nmea-${terminalId}`;
