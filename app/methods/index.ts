import accountAuthenticatorBegin from './account/authenticator-begin.js';
import accountAuthenticatorConfirm from './account/authenticator-confirm.js';
import accountEndOtherSessions from './account/end-other-sessions.js';
import accountEndSession from './account/end-session.js';
import accountRecoveryCodes from './account/recovery-codes.js';
import accountSessions from './account/sessions.js';
import authLogin from './auth/login.js';
import authLogout from './auth/logout.js';
import authMe from './auth/me.js';
import authReauthenticate from './auth/reauthenticate.js';
import authRecover from './auth/recover.js';
import authSession from './auth/session.js';
import authVerify from './auth/verify.js';
import bookingsCancel from './bookings/cancel.js';
import bookingsConfirm from './bookings/confirm.js';
import bookingsCreate from './bookings/create.js';
import bookingsGet from './bookings/get.js';
import bookingsList from './bookings/list.js';
import couponsCreate from './coupons/create.js';
import couponsList from './coupons/list.js';
import couponsSetActive from './coupons/set-active.js';
import type { AnyMethod } from './define.js';
import ticketsGet from './tickets/get.js';
import eventsCancel from './events/cancel.js';
import eventsCreate from './events/create.js';
import eventsCreateSeries from './events/create-series.js';
import eventsGet from './events/get.js';
import eventsGetManaged from './events/get-managed.js';
import eventsList from './events/list.js';
import eventsListManaged from './events/list-managed.js';
import eventsPublish from './events/publish.js';
import eventsSeats from './events/seats.js';
import eventsUpdate from './events/update.js';
import hallsAddSection from './halls/add-section.js';
import holdsExtend from './holds/extend.js';
import holdsGet from './holds/get.js';
import seatsHold from './seats/hold.js';
import seatsRelease from './seats/release.js';
import hallsCreate from './halls/create.js';
import hallsGet from './halls/get.js';
import hallsUpdateLayout from './halls/update-layout.js';
import venuesCreate from './venues/create.js';
import venuesGet from './venues/get.js';
import venuesGetManaged from './venues/get-managed.js';
import venuesUpdate from './venues/update.js';
import venuesList from './venues/list.js';
import venuesListManaged from './venues/list-managed.js';

import setupBegin from './setup/begin.js';
import setupVerify from './setup/verify.js';
import ping from './system/ping.js';
import tokensCreate from './tokens/create.js';
import tokensList from './tokens/list.js';
import tokensRevoke from './tokens/revoke.js';
import usersSearch from './users/search.js';
import usersSetRole from './users/set-role.js';

// Every method of the application. A method is reachable on a transport only once a
// controller maps it (a socket reaches every one by type), but it is declared and
// checked here, at boot.
export const ALL_METHODS: readonly AnyMethod[] = [
  ping,
  authLogin,
  authVerify,
  authRecover,
  authReauthenticate,
  authMe,
  authLogout,
  authSession,
  setupBegin,
  setupVerify,
  accountSessions,
  accountEndSession,
  accountEndOtherSessions,
  accountRecoveryCodes,
  accountAuthenticatorBegin,
  accountAuthenticatorConfirm,
  tokensList,
  tokensCreate,
  tokensRevoke,
  usersSearch,
  usersSetRole,
  venuesList,
  venuesListManaged,
  venuesCreate,
  venuesGet,
  venuesGetManaged,
  venuesUpdate,
  hallsCreate,
  hallsGet,
  hallsUpdateLayout,
  hallsAddSection,
  eventsList,
  eventsListManaged,
  eventsGet,
  eventsGetManaged,
  eventsSeats,
  eventsCreate,
  eventsCreateSeries,
  eventsPublish,
  eventsUpdate,
  eventsCancel,
  seatsHold,
  seatsRelease,
  holdsExtend,
  holdsGet,
  bookingsCreate,
  bookingsConfirm,
  bookingsCancel,
  bookingsGet,
  bookingsList,
  couponsCreate,
  couponsList,
  couponsSetActive,
  ticketsGet,
];
