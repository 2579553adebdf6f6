import type { Messages } from './zh-CN';

export const en: Messages = {
  'app.name': 'Gongzhi',
  'app.subtitle': 'Community workroom',
  'app.loading': 'Loading…',

  'lang.group': 'Interface language',
  'lang.zh-CN': '中文',
  'lang.en': 'English',

  'login.title': 'Sign in',
  'login.heading': 'Sign in to Gongzhi',
  'login.intro': 'Residents, neighbourhood committees, property firms, officers and managers: sign in with your own account.',
  'login.login': 'Account name or phone number',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.offline': 'You are offline. Connect to the internet to sign in.',
  'login.sessionExpired': 'Your session has expired. Please sign in again.',
  'login.loggedOut': 'You have signed out.',

  'home.title': 'My workspace',
  'home.greeting': 'Hello, {name}',
  'home.role': 'Role',
  'home.scope': 'Area',
  'home.whatYouCanDo': 'Here you can',
  'home.offline': 'Offline: the server cannot be reached. Showing the information saved last time.',
  'home.logout': 'Sign out',
  'home.loggingOut': 'Signing out…',

  'error.network': 'Cannot reach the server. Check your connection and try again.',
  'error.unexpected': 'Something went wrong. Please try again later.',

  'role.RESIDENT': 'Resident',
  'role.COMMITTEE': 'Neighbourhood committee',
  'role.PROPERTY': 'Property management firm',
  'role.OFFICER': 'Enforcement officer',
  'role.SUPERVISOR': 'Supervisor',
  'role.HOUSING': 'District housing administration',

  'roleIntro.RESIDENT': 'Report problems in your street or estate and follow how they are handled.',
  'roleIntro.COMMITTEE': 'See what residents in your communities report, and help coordinate and follow up.',
  'roleIntro.PROPERTY': 'Receive reports about the estates you manage and report back what was done.',
  'roleIntro.OFFICER': 'Receive assigned cases, handle them on site and record the outcome.',
  'roleIntro.SUPERVISOR': "Assign and supervise cases, and follow your squad's or the district's workload.",
  'roleIntro.HOUSING': 'Handle housing-administration matters referred to you.',
};
