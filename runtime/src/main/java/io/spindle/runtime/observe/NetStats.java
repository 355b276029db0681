package io.spindle.runtime.observe;

/**
 * The network poller's counters ({@link RuntimeStats#net()}); all zero until the runtime's first
 * socket. See docs/net.md.
 *
 * @param polls         times the poller's select returned (with events, a wake-up, or a timeout)
 * @param readyEvents   waiters (fibers or threads) woken because their socket became ready
 * @param registrations waits on a socket: each time a fiber or thread parked for readiness
 * @param requests      the registrations that had to ask the poller to arm the socket (the others
 *                      found it still armed; see docs/net.md, lazy disarm)
 */
public record NetStats(long polls, long readyEvents, long registrations, long requests) {
    /** No poller yet. */
    public static final NetStats NONE = new NetStats(0, 0, 0, 0);

    /** Counter differences {@code this - earlier}, for a measurement window. */
    public NetStats minus(NetStats earlier) {
        return new NetStats(polls - earlier.polls, readyEvents - earlier.readyEvents,
                registrations - earlier.registrations, requests - earlier.requests);
    }

    @Override
    public String toString() {
        return "net: polls=" + polls + " readyEvents=" + readyEvents + " registrations=" + registrations
                + " requests=" + requests;
    }
}
