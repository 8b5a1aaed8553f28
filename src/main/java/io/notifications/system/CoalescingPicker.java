package io.notifications.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a dispatcher's pick on one thread at a time. A caller that finds a pick under way does not wait: it leaves
 * a note, and the picking thread picks once more before it returns, so no request for work is lost. If a later
 * round fails, what earlier rounds picked is still returned: it is already counted as handed out.
 */
public final class CoalescingPicker {

    private static final Logger log = LoggerFactory.getLogger(CoalescingPicker.class);

    private final ReentrantLock picking = new ReentrantLock();
    private final AtomicBoolean requested = new AtomicBoolean();

    /** Picks now, or returns nothing at once if another thread is picking (it then picks again for this caller). */
    public <T> List<T> pick(Supplier<List<T>> round) {
        requested.set(true);
        if (!picking.tryLock()) {
            return List.of();
        }
        try {
            List<T> next = new ArrayList<>();
            while (requested.getAndSet(false)) {
                try {
                    next.addAll(round.get());
                } catch (RuntimeException e) {
                    if (next.isEmpty()) {
                        throw e;
                    }
                    // What was picked already is handed out; the next dispatch tries again
                    log.warn("Picking more work failed: {}", e.toString());
                    break;
                }
            }
            return next;
        } finally {
            picking.unlock();
        }
    }

    /** Runs {@code change} while no pick is under way, e.g. to drop what the dispatcher read ahead. */
    public void exclusively(Runnable change) {
        picking.lock();
        try {
            change.run();
        } finally {
            picking.unlock();
        }
    }
}
