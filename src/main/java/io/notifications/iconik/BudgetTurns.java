package io.notifications.iconik;

/**
 * Who takes the next token of the iconik budget when both kinds of call wait for one: each kind is sure of its
 * share of the turns (write-backs {@code writeBackShare}, the intake the rest), counted over the turns taken while
 * the other kind was waiting too. A kind that waits alone takes every turn, so neither starves the other and
 * neither leaves budget unused. Not thread-safe: {@link IconikBudget} calls it under its lock.
 */
final class BudgetTurns {

    enum Kind { INTAKE, WRITE_BACK }

    private final double writeBackShare;
    private long contended;
    private long contendedWriteBacks;

    BudgetTurns(double writeBackShare) {
        this.writeBackShare = writeBackShare;
    }

    /** The kind whose turn it is, given who waits; null when nobody does. */
    Kind next(boolean intakeWaiting, boolean writeBackWaiting) {
        if (intakeWaiting && writeBackWaiting) {
            // The kind furthest below its share goes: write-backs while they have had less than theirs
            return contendedWriteBacks < writeBackShare * (contended + 1) ? Kind.WRITE_BACK : Kind.INTAKE;
        }
        return intakeWaiting ? Kind.INTAKE : writeBackWaiting ? Kind.WRITE_BACK : null;
    }

    /** {@code kind} took a turn; {@code contended} when the other kind was waiting as well. */
    void took(Kind kind, boolean contended) {
        if (!contended) {
            return;
        }
        this.contended++;
        if (kind == Kind.WRITE_BACK) {
            contendedWriteBacks++;
        }
        if (this.contended >= 1_000_000) {
            // Keep the proportion, forget the distant past
            this.contended /= 2;
            contendedWriteBacks /= 2;
        }
    }
}
