import type { AnyMethod } from '../methods/define.js';
import { eventSeats } from './event-seats.js';

// The snapshot each subscription answers with is declared like a method, so the
// registry checks it at boot and a socket reaches it by type.
export const SUBSCRIPTION_METHODS: readonly AnyMethod[] = [eventSeats.subscribe];
