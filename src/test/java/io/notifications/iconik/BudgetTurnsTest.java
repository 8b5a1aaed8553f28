package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;

import io.notifications.iconik.BudgetTurns.Kind;
import org.junit.jupiter.api.Test;

/** The fairness of the iconik budget between intake reads and write-backs, and the slowdown as iconik runs low. */
class BudgetTurnsTest {

    @Test
    void whenBothWaitEachKindGetsItsShareOfTheTurns() {
        BudgetTurns turns = new BudgetTurns(0.3);
        int writeBacks = 0;
        for (int i = 0; i < 1000; i++) {
            Kind next = turns.next(true, true);
            turns.took(next, true);
            writeBacks += next == Kind.WRITE_BACK ? 1 : 0;
        }
        assertThat(writeBacks).isBetween(299, 301);
    }

    @Test
    void aBacklogOfOneKindNeverHoldsTheOtherBackForLong() {
        BudgetTurns turns = new BudgetTurns(0.5);
        // A long run of write-backs alone does not count against them once the intake waits too
        for (int i = 0; i < 500; i++) {
            assertThat(turns.next(false, true)).isEqualTo(Kind.WRITE_BACK);
            turns.took(Kind.WRITE_BACK, false);
        }
        int sinceIntake = 0;
        int longest = 0;
        for (int i = 0; i < 100; i++) {
            Kind next = turns.next(true, true);
            turns.took(next, true);
            sinceIntake = next == Kind.INTAKE ? 0 : sinceIntake + 1;
            longest = Math.max(longest, sinceIntake);
        }
        assertThat(longest).as("write-back turns in a row while the intake waits").isLessThanOrEqualTo(1);
    }

    @Test
    void whoeverWaitsAloneTakesEveryTurn() {
        BudgetTurns turns = new BudgetTurns(0.1);
        assertThat(turns.next(true, false)).isEqualTo(Kind.INTAKE);
        assertThat(turns.next(false, true)).isEqualTo(Kind.WRITE_BACK);
        assertThat(turns.next(false, false)).isNull();
    }

    @Test
    void callsCostMoreInProportionAsIconiksRemainingFallsBelowTheThreshold() {
        assertThat(IconikBudget.extraTokens(900, 90)).isZero();
        assertThat(IconikBudget.extraTokens(90, 90)).isZero();
        assertThat(IconikBudget.extraTokens(89, 90)).isEqualTo(1);
        assertThat(IconikBudget.extraTokens(45, 90)).isEqualTo(2);
        assertThat(IconikBudget.extraTokens(1, 90)).isEqualTo(3);
        assertThat(IconikBudget.extraTokens(0, 90)).isEqualTo(3);
        assertThat(IconikBudget.extraTokens(10, 0)).as("slow-down-below 0 turns it off").isZero();
    }
}
