package io.notifications.api;

import io.notifications.system.InputValidator;
import io.notifications.system.NotFoundException;
import org.springframework.stereotype.Component;

/**
 * Path ids, and query parameters as records whose constraints Bean Validation checks: a bad parameter is named
 * with the reason, all of a call's at once.
 */
@Component
class ApiParameters {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;
    static final int MAX_PAGE = Integer.MAX_VALUE / MAX_PAGE_SIZE;

    /** {@code ?page=&size=} of a list: the first page of 50 unless they say. */
    record Paging(@WholeNumber(min = 0, max = MAX_PAGE) String page,
                  @WholeNumber(min = 1, max = MAX_PAGE_SIZE) String size) {

        int pageNumber() {
            return WholeNumber.Validator.parse(page, 0);
        }

        int pageSize() {
            return WholeNumber.Validator.parse(size, DEFAULT_PAGE_SIZE);
        }
    }

    private final InputValidator validator;

    ApiParameters(InputValidator validator) {
        this.validator = validator;
    }

    /** The page asked for, once {@code page} and {@code size} are checked. */
    Paging paging(String page, String size) {
        Paging paging = new Paging(page, size);
        validator.check(paging);
        return paging;
    }

    /** Throws naming every bad parameter of all the records given. */
    void check(Object... parameters) {
        validator.check(parameters);
    }

    /** A path id that is not a positive number cannot name anything that exists. */
    static long id(String value, String what) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException | NullPointerException ignored) {
            // fall through
        }
        throw new NotFoundException(what + " '" + value + "' does not exist");
    }
}
