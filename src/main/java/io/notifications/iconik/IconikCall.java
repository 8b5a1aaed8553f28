package io.notifications.iconik;

/**
 * One call of iconik's API as route {@code iconik-call} carries it (exchange property {@value #PROPERTY}), for
 * {@link IconikAttempts} to count, classify and retry.
 *
 * @param method       the HTTP method
 * @param pathAndQuery the path from {@code /API/...}, with its query
 * @param attempts     calls in all, the first included: 1 for no retry
 */
record IconikCall(String method, String pathAndQuery, int attempts) {

    static final String PROPERTY = "iconikCall";

    /**
     * Whether the call may be repeated after no answer or any 5xx. A POST may have been carried out then, and sent
     * again it could make a second job or segment; only 429 and 503 say for certain that nothing was done.
     */
    boolean repeatable() {
        return !method.equals("POST");
    }

    /** Reads are the intake's (and the processors' media); whatever changes something in iconik is a write-back. */
    BudgetTurns.Kind kind() {
        return method.equals("GET") ? BudgetTurns.Kind.INTAKE : BudgetTurns.Kind.WRITE_BACK;
    }

    @Override
    public String toString() {
        return method + " " + pathAndQuery;
    }
}
