export const SESSION_COOKIE = 'amhp_session';
export const ANON_CSRF_COOKIE = 'amhp_csrf';
